// UI strings for errors, validation and the error boundary: [中文, English].
export const ERROR_MESSAGES = {
  'error.boundaryTitle': ['页面出错了', 'Something went wrong'],
  'error.boundaryText': [
    '这一部分界面出错，已停止显示。您的数据、方案和标准修改都已保存，不会丢失。',
    'This part of the page failed and was stopped. Your data, plans and standards edits are saved and not lost.',
  ],
  'error.boundaryRetry': ['返回并重试', 'Go back and try again'],
  'error.boundaryReload': ['重新加载页面', 'Reload the page'],
  'error.details': ['错误详情', 'Details'],
  'error.engineRestarting': ['分析引擎意外停止，正在重新启动并重新载入数据…', 'The analysis engine stopped unexpectedly; restarting it and reloading the data…'],
  'error.engineStopped': ['分析引擎多次意外停止，已暂停；请重新加载页面或换一个数据集', 'The analysis engine stopped repeatedly and was left off; reload the page or use another dataset'],
  'error.settingsReset': ['保存的设置无效，已恢复默认', 'Saved settings were invalid and were reset to the defaults'],
  'error.standardsReset': ['保存的标准表无效，已改用默认标准', 'The saved standards table was invalid; the default table is used'],
  'warn.title': ['分析提示', 'Analysis warnings'],
  'warn.no_walkable_street': ['数据中没有可步行的道路：无法计算步行距离', 'The dataset has no walkable street: no walk can be measured'],
  'warn.no_building': ['数据中没有建筑：覆盖率和人均指标为“无数据”', 'The dataset has no building: coverage and per-resident indicators are n/a'],
  'warn.no_population': ['建筑中没有居民数据：覆盖率和人均指标为“无数据”', 'No building has residents: coverage and per-resident indicators are n/a'],
  'warn.no_facility': ['没有该类设施，无人被覆盖：', 'No facility of this category, nobody is covered: '],
  'warn.no_reachable_facility': ['该类设施都不在可步行道路附近，无人被覆盖：', 'No facility of this category is near a walkable street, nobody is covered: '],
  'warn.duplicate_facility': ['同一位置、同名的同类设施出现多次，容量可能被重复计算：', 'Facilities of this category appear twice at one place with one name; capacity may be counted twice: '],
  'error.minutes': ['分钟数须为 1–120 之间的数字，最多 6 个，不可重复；仍使用上次的有效设置', 'Minutes must be numbers from 1 to 120, at most 6, none twice; the last valid bands stay in force'],
  'value.na': ['无数据', 'n/a'],
} as const satisfies Record<string, readonly [string, string]>;
