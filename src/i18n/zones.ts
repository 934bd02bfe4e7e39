// Strings of the community-boundary panel and tool (src/panels/BoundaryPanel.tsx): [中文, English].
export const ZONE_MESSAGES = {
  'zones.title': ['分析范围（社区边界）', 'Analysis scopes (community boundaries)'],
  'zones.source.dataset': ['分析范围：数据集自带的 {n} 个社区。', "Scopes: the dataset's {n} communities."],
  'zones.source.streets': ['分析范围：由主要道路推导的 {n} 个片区（推导，非正式社区；人口不足 {min} 人的街区已与相邻街区合并）。', 'Scopes: {n} zones derived from the major streets (derived, not official communities; blocks under {min} residents merged with a neighbour).'],
  'zones.source.grid': ['分析范围：{n} 个 1 km 网格（推导：主要道路未能围合出可用的街区）。', 'Scopes: {n} grid squares of 1 km (derived: the major streets form no usable blocks).'],
  'zones.source.drawn': ['分析范围：您绘制的 {n} 个边界。', 'Scopes: boundaries you drew ({n}).'],
  'zones.unassigned': ['{b} 栋建筑（{p} 人）不在任何手绘边界内，归入“其他”。', '{b} buildings ({p} residents) lie outside every drawn boundary: they are counted under "Other".'],
  'zones.unassignedFacilities': ['{f} 处设施不在任何手绘边界内，计入“其他”。', '{f} facilities lie outside every drawn boundary: they count towards "Other".'],
  'zones.allInside': ['所有建筑都在手绘边界内。', 'Every building lies inside a drawn boundary.'],
  'zones.keptApart': ['手绘边界另存为您自己的图层（浏览器内），不改动数据集本身；有手绘边界时，它们替代数据集的社区或推导片区作为分析范围，删除全部手绘边界即恢复。', "Drawn boundaries are kept as your own layer (in this browser) and never change the dataset; while there are any, they replace the dataset's communities or derived zones as the analysis scopes. Delete them all to go back."],
  'zones.builtinNote': ['内置示例数据只读：在其上绘制的边界同样另存为您的图层。', 'The built-in sample is read-only: boundaries drawn on it are kept as your layer too.'],
  'zones.overlapRule': ['建筑位于多个边界内时，归入面积最小的那个。', 'A building inside several boundaries belongs to the smallest.'],
  'zones.draw': ['绘制边界', 'Draw a boundary'],
  'zones.stopDrawing': ['取消绘制', 'Stop drawing'],
  'zones.drawHint': ['在地图上点击添加顶点；双击或按 Enter 完成，Backspace 删除上一个顶点，Esc 取消。', 'Click the map to add corners; double-click or press Enter to finish, Backspace removes the last corner, Esc cancels.'],
  'zones.corners': ['已有 {n} 个顶点', '{n} corners so far'],
  'zones.nameZh': ['名称（中文）', 'Name (Chinese)'],
  'zones.nameEn': ['名称（英文）', 'Name (English)'],
  'zones.defaultName': ['社区 {n}', 'Community {n}'],
  'zones.save': ['保存边界', 'Save boundary'],
  'zones.discard': ['放弃', 'Discard'],
  'zones.rename': ['改名', 'Rename'],
  'zones.saveName': ['保存', 'Save'],
  'zones.cancel': ['取消', 'Cancel'],
  'zones.delete': ['删除', 'Delete'],
  'zones.deleted': ['已删除边界（Ctrl+Z 可撤销）', 'Boundary deleted (Ctrl+Z brings it back)'],
  'zones.count': ['{b} 栋建筑 · {p} 人', '{b} buildings · {p} residents'],
  'zones.export': ['导出手绘边界（GeoJSON）', 'Export drawn boundaries (GeoJSON)'],
  'zones.list': ['手绘边界', 'Drawn boundaries'],
  'zones.loading': ['正在读取手绘边界…', 'Reading the drawn boundaries…'],
  'zones.undo': ['撤消边界编辑', 'Undo boundary edit'],
  'zones.redo': ['恢复边界编辑', 'Redo boundary edit'],
  'zones.edit.add': ['绘制边界', 'Draw boundary'],
  'zones.edit.rename': ['边界改名', 'Rename boundary'],
  'zones.edit.delete': ['删除边界', 'Delete boundary'],
  'zones.badOutline': ['这条轮廓不能作为边界', 'This outline cannot be a boundary'],
  'zones.storedBad': ['有已保存的边界无法读取，已略过（存储中的数据未改动）', 'Some saved boundaries could not be read and are left out (the stored data is untouched)'],
  'zones.storageFailed': ['无法读取已保存的边界', 'Could not read the saved boundaries'],
  'zones.saveFailed': ['边界未能保存，刷新页面后将丢失', 'The boundary could not be saved; it will be lost on reload'],
} as const;

const PROBLEM_ZH: Array<[RegExp, string]> = [
  [/a boundary needs at least three corners/, '边界至少需要三个顶点'],
  [/the outline crosses itself/, '轮廓自相交'],
  [/the boundary encloses less than (\d+) m²/, '边界围合面积小于 $1 m²'],
  [/the outline has bad coordinates/, '轮廓坐标无效'],
  [/a boundary needs a name/, '边界需要名称'],
  [/names are at most (\d+) characters/, '名称最多 $1 个字符'],
  [/missing or repeated id/, '缺少编号或编号重复'],
  [/names missing/, '缺少名称'],
  [/no outline/, '没有轮廓'],
];

/** A boundary problem (workers/model/drawn-zones.ts) in the chosen language. */
export function boundaryProblemText(problem: string, lang: 'zh' | 'en'): string {
  return lang === 'en' ? problem : PROBLEM_ZH.reduce((s, [re, zh]) => s.replace(re, zh), problem);
}
