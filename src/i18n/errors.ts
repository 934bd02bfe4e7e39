import type { Lang } from './index.ts';
import { problemText } from './importer.ts';
import { categoryIdByChineseName, categoryName } from '../panels/categoryName.ts';

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
  'error.engineRestarted': ['分析引擎意外停止，已重新启动并重新计算', 'The analysis engine stopped unexpectedly; it was restarted and the figures recomputed'],
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

/**
 * The engine (workers/) writes its errors and a plan's refused changes in English, as the CLI
 * prints them; the app shows each in the chosen language. Each pattern rewrites one message kind
 * and keeps its numbers, names and ids; a category id in a message becomes the category's name in
 * both languages, a snapping reason code its words. Text no pattern fits is shown as written.
 */
type Rewrite = string | ((lang: Lang, ...groups: string[]) => string);
type Rule = [RegExp, zh: Rewrite, en?: Rewrite];

const SNAP_WORDS: Record<string, [string, string]> = {
  too_far: ['距步行网络过远', 'too far from the walking network'],
  compound_has_no_paths: ['所在小区无内部道路', 'its compound has no internal paths'],
  invalid_coordinates: ['坐标无效', 'invalid coordinates'],
  island: ['位于孤立路网', 'on a disconnected island of the network'],
};
const snapWord = (lang: Lang, code: string) => (SNAP_WORDS[code] ? SNAP_WORDS[code][lang === 'zh' ? 0 : 1] : code);
const cat = (lang: Lang, id: string) => categoryName(id, lang);

const ENGINE_RULES: Rule[] = [
  // Wrappers first, so the message inside is rewritten by the rules after them.
  [/^Isochrone: /, '等时圈：'],
  [/^Walking profile (\S+): /, '步行模式 $1：'],
  [/^Analysis options: /, '分析选项：'],
  [/^standards table: (\d+) problems: /, '标准表有 $1 处问题：'],
  [/^standards table: /, '标准表：'],
  [/^Feature (\d+) \(change "([^"]*)"\): /, '第 $1 个要素（变更“$2”）：'],
  [/^Feature (\d+): /, '第 $1 个要素：'],
  [/^Slide (\d+): /, '第 $1 页幻灯片：'],
  [/The analysis engine stopped \((.*)\)\.$/, '分析引擎已停止（$1）。'],
  // Isochrones and the engine surface.
  [/The dataset has no walkable streets\./, '数据集中没有可步行的道路。'],
  [/The point has invalid coordinates\./, '该点坐标无效。'],
  [/The point is more than (\d+) m from any walkable street it may use \((\w+)\)\./,
    (l, m, r) => `该点距其可使用的可步行道路超过 ${m} m（${snapWord(l, r)}）。`,
    (l, m, r) => `The point is more than ${m} m from any walkable street it may use (${snapWord(l, r)}).`],
  [/No facility with id (.*)\.$/, '没有编号为 $1 的设施。'],
  [/Facility (.*) is not connected to the walking network\./, '设施 $1 未接入步行网络。'],
  [/No reachable facility of category (\w+)\./, (l, c) => `没有可达的${cat(l, c)}。`, (l, c) => `No reachable facility of category ${cat(l, c)}.`],
  [/An isochrone needs a point, a facility or a category\./, '等时圈需要一个点、一处设施或一个设施类别。'],
  [/No drag in progress\./, '当前没有正在拖动的设施。'],
  [/Run the analysis before exporting\./, '请先完成分析再导出。'],
  [/No dataset loaded in the engine yet\./, '分析引擎尚未载入数据集。'],
  [/give at least one number of minutes/, '请至少给出一个分钟数'],
  [/at most (\d+) bands \(got (\d+)\)/, '最多 $1 个时间圈（给出了 $2 个）'],
  [/minutes must be numbers \(got (.*)\)/, '分钟数须为数字（给出了 $1）'],
  [/minutes must be positive numbers from (\S+) to (\S+) \(got (.*)\)/, '分钟数须为 $1 至 $2 之间的正数（给出了 $3）'],
  [/the same number of minutes is listed twice/, '同一分钟数出现了两次'],
  [/the gap hexagon size must be (\S+) to (\S+) m \(got (.*)\)/, '缺口六边形边长须为 $1 至 $2 m（给出了 $3）'],
  // Siting.
  [/Candidate spacing must be at least (\S+) m\./, '候选点间距至少为 $1 m。'],
  [/The drawn area has a point with invalid coordinates\./, '绘制的范围中有坐标无效的点。'],
  [/The area gives more than (\d+) candidate points at (\S+) m spacing \(about (\d+) cells\); draw a smaller area or space them wider\./,
    '该范围按 $2 m 间距将产生超过 $1 个候选点（约 $3 个格点）；请缩小范围或加大间距。'],
  [/The standards table has no category "(\w+)"\./, (l, c) => `标准表中没有类别“${cat(l, c)}”。`, (l, c) => `The standards table has no category "${cat(l, c)}".`],
  [/No candidate location joins the walking network \((\d+) too far from any street it may use\)\./, '没有候选位置能接入步行网络（$1 处距可使用的道路过远）。'],
  [/There are no candidate locations: this dataset has no sites layer, so draw an area \(CLI: --area polygon\.geojson\) to use points on its streets\./,
    '没有候选位置：该数据集没有备选用地图层，请绘制范围，以范围内道路上的点为候选。',
    'There are no candidate locations: this dataset has no sites layer, so draw an area to use points on its streets.'],
  [/There are no candidate locations: use the sites layer or draw an area\./, '没有候选位置：请使用备选用地图层或绘制范围。'],
  [/Unknown method "([^"]*)": one of .*\.$/, '未知的方法“$1”。'],
  [/The number of sites must be a whole number from 1 to (\d+)\./, '选址数须为 1 至 $1 的整数。'],
  [/The solver time limit must be between 0 and 600 seconds\./, '求解时限须在 0 至 600 秒之间。'],
  [/^.+ \((\w+)\) is not counted in places, beds or spaces; use maximal covering\./,
    (l, c) => `${cat(l, c)}的规模不以托位、床位或车位计，请改用最大覆盖方法。`,
    (l, c) => `${cat(l, c)} is not counted in places, beds or spaces; use maximal covering.`],
  [/The capacity of a new site must be a positive number\./, '新选址的规模须为正数。'],
  [/^Give the capacity of a new (.+): the plan has none of this category to take it from\./,
    (l, n) => `请填写新${categoryByChineseName(n, l)}的规模：方案中没有同类设施可作参照。`,
    (l, n) => `Give the capacity of a new ${categoryByChineseName(n, l)}: the plan has none of this category to take it from.`],
  [/(\d+) sites are not enough to cover everyone the candidates can reach; allow more sites\./, '$1 处选址不足以覆盖候选点可达的全部目标人群；请允许更多选址。'],
  [/No candidate or moved facility for change "([^"]*)" in the plan in force\./, '当前方案中没有变更“$1”对应的候选设施或移动的设施。'],
  // A plan's changes (scenario/apply.ts, scenario/network-edits.ts) and plan files (scenario/geojson.ts).
  [/unknown category "(\w+)"/, '未知类别“$1”'],
  [/position is not a valid longitude\/latitude/, '位置不是有效的经纬度'],
  [/capacity is not a number/, '规模不是数字'],
  [/capacity is negative/, '规模为负数'],
  [/capacity is implausibly large \(over 1,000,000\)/, '规模大得不合理（超过 1,000,000）'],
  [/no facility "([^"]*)" in (the|this) dataset/, '数据集中没有设施“$1”'],
  [/the new place of "([^"]*)" is too far from any street it may use/, '“$1”的新位置距可使用的道路过远'],
  [/"(.*)" is too far from any street it may use \((\w+)\)/, (l, n, r) => `“${n}”距可使用的道路过远（${snapWord(l, r)}）`,
    (l, n, r) => `"${n}" is too far from any street it may use (${snapWord(l, r)})`],
  [/time of day "([^"]*)" is not HH:MM; gate hours are not applied/, '分析时刻“$1”不是 HH:MM 格式；出入口开放时段未生效'],
  [/no compound "([^"]*)" in this dataset/, '数据集中没有小区“$1”'],
  [/no compound "([^"]*)"/, '没有小区“$1”'],
  [/the gate position is not a valid longitude\/latitude/, '出入口位置不是有效的经纬度'],
  [/gate id "([^"]*)" is already used/, '出入口编号“$1”已被使用'],
  [/opening hours must be \{open, close\}/, '开放时段须包含开门与关门时间'],
  [/gate hours must be \{"open": "HH:MM", "close": "HH:MM"\}/, '出入口时段须为 {"open": "HH:MM", "close": "HH:MM"}'],
  [/opening time "([^"]*)" is not HH:MM/, '开门时间“$1”不是 HH:MM 格式'],
  [/closing time "([^"]*)" is not HH:MM/, '关门时间“$1”不是 HH:MM 格式'],
  [/opening and closing times are the same/, '开门与关门时间相同'],
  [/the gate is not on the wall of compound (\S+) \((\S+ m) from it; at most (\d+) m\)/, '出入口不在小区 $1 的围墙上（相距 $2，最多允许 $3 m）'],
  [/there is already a gate here \(([^)]*)\)/, '此处已有出入口（$1）'],
  [/gate (\S+) was refused, so it cannot be changed/, '出入口 $1 未被采用，无法修改'],
  [/no gate "([^"]*)" in this dataset/, '数据集中没有出入口“$1”'],
  [/no gate "([^"]*)"/, '没有出入口“$1”'],
  [/a gate state must be open or closed/, '出入口状态须为开放或关闭'],
  [/gate (\S+) has no path into its compound in the network, so closing it changes nothing/, '出入口 $1 在路网中没有通往小区内部的路径，关闭它不改变任何结果'],
  [/no street or path "([^"]*)" in the dataset/, '数据集中没有道路或小路“$1”'],
  [/no street "([^"]*)" in this dataset/, '数据集中没有道路“$1”'],
  [/street "([^"]*)" is not walkable already/, '道路“$1”本来就不可步行'],
  [/street "([^"]*)" is no longer where the plan closed it \((\d+) m away\)/, '道路“$1”已不在方案封闭它的位置（相距 $2 m）'],
  [/no open path inside compound (\S+) within (\d+) m of the gate/, '小区 $1 内距出入口 $2 m 内没有开放的路径'],
  [/no open street outside compound (\S+) within (\d+) m of the gate/, '小区 $1 外距出入口 $2 m 内没有开放的道路'],
  [/unknown path type "([^"]*)"/, '未知的路径类型“$1”'],
  [/the penalty must be a number of metres, 0 or more/, '附加代价须为 0 或更大的米数'],
  [/a penalty of (\S+ m) is implausible \(at most (\d+) m\)/, '附加代价 $1 不合理（最多 $2 m）'],
  [/"penalty_m" must be between 0 and (\d+) metres/, '"penalty_m" 须在 0 至 $1 m 之间'],
  [/a path needs at least two points/, '路径至少需要两个点'],
  [/a path needs 2 to (\d+) points/, '路径须有 2 至 $1 个点'],
  [/a (point of the path|path point) is not a valid longitude\/latitude/, '路径中有一个点不是有效的经纬度'],
  [/the path is too short \((\S+) m\)/, '路径太短（$1 m）'],
  [/the path is implausibly long \((\S+ m); at most (\d+) m\)/, '路径长得不合理（$1，最多 $2 m）'],
  [/the path crosses itself/, '路径自相交'],
  [/the (start|end) of the path touches nothing: the nearest street it may join is (\S+ m) away \(at most (\d+) m\)/,
    (_l, w, d, m) => `路径${w === 'start' ? '起点' : '终点'}未连接任何道路：可连接的最近道路相距 ${d}（最多 ${m} m）`],
  [/the (start|end) of the path touches nothing: no street it may join within 1000 m/,
    (_l, w) => `路径${w === 'start' ? '起点' : '终点'}未连接任何道路：1000 m 内没有可连接的道路`],
  [/gate (\S+) is not on the walking network/, '出入口 $1 不在步行网络上'],
  [/both ends of the path join the same gate/, '路径两端连接到同一个出入口'],
  [/both ends of the path join the same point/, '路径两端连接到同一点'],
  [/The file is not valid JSON \((.*)\)\./, '文件不是有效的 JSON（$1）。'],
  [/The file is not a GeoJSON FeatureCollection\./, '文件不是 GeoJSON 要素集合。'],
  [/The file is GeoJSON but not a CircleTwin plan \(it has no "circletwin" plan header\)\./, '文件是 GeoJSON，但不是生活圈孪生的方案文件（没有 "circletwin" 方案头）。'],
  [/Plan format version (\S+) is not supported \(this version reads (\S+)\)\./, '不支持方案格式版本 $1（本版本读取 $2）。'],
  [/The plan header's "([^"]*)" is missing or not a text\./, '方案头的 "$1" 缺失或不是文本。'],
  [/The plan is for dataset "([^"]*)", but the dataset loaded is "([^"]*)"\./, '该方案属于数据集“$1”，而当前载入的是“$2”。'],
  [/The plan header's "time_of_day" must be "HH:MM" or null\./, '方案头的 "time_of_day" 须为 "HH:MM" 或 null。'],
  [/The plan has (\d+) changes; at most (\d+) are accepted\./, '方案有 $1 项变更，最多接受 $2 项。'],
  [/change id "([^"]*)" appears twice\./, '变更编号“$1”出现了两次。'],
  [/The plan header's "slides" must be a list\./, '方案头的 "slides" 须为列表。'],
  [/not a GeoJSON feature with properties\./, '不是带属性的 GeoJSON 要素。'],
  [/the feature needs a text id\./, '要素需要文本编号。'],
  [/unknown change "([^"]*)"\./, '未知的变更类型“$1”。'],
  [/needs a Point geometry with a valid longitude\/latitude/, '需要坐标有效的点几何'],
  [/needs a LineString geometry/, '需要线几何'],
  [/"(\w+)" must be a text/, '"$1" 须为文本'],
  [/"open" must be true or false/, '"open" 须为 true 或 false'],
  [/needs an id and a title/, '需要编号和标题'],
  [/needs a camera with centre, zoom, pitch and bearing/, '需要包含中心、缩放、俯仰和方位的视角'],
  [/unknown slide kind "([^"]*)"/, '未知的幻灯片类型“$1”'],
  [/PNG encoding failed/, '无法编码 PNG 图像'],
  // Standards tables.
  [/must be a number \(got (.*?)\)/, '须为数字（给出了 $1）'],
  [/(\S+) is outside (\S+)…(\S+)/, '$1 超出 $2…$3 的范围'],
  [/must be a whole number \(got (.*?)\)/, '须为整数（给出了 $1）'],
  [/must be a non-empty text/, '须为非空文本'],
  [/must be confirmed, secondary or unconfirmed/, '须为 confirmed、secondary 或 unconfirmed'],
  [/must be a list/, '须为列表'],
  [/not a JSON object/, '不是 JSON 对象'],
  // A sentence the rules above turned Chinese ends with a Chinese full stop.
  [/([\u4e00-\u9fff）”])\.$/, '$1。'],
];

/** A category's name in `lang` from its Chinese name (messages that name it so), else the name as given. */
function categoryByChineseName(zh: string, lang: Lang): string {
  const id = categoryIdByChineseName(zh);
  return id ? categoryName(id, lang) : zh;
}

function apply(rule: Rewrite, lang: Lang, groups: string[], re: RegExp, text: string): string {
  return typeof rule === 'string' ? text.replace(re, rule) : text.replace(re, (...m: unknown[]) => rule(lang, ...(m.slice(1, 1 + groups.length) as string[])));
}

/** An engine message in the chosen language. */
export function engineText(message: string, lang: Lang): string {
  let out = message;
  for (const [re, zh, en] of ENGINE_RULES) {
    const rule = lang === 'zh' ? zh : en;
    if (!rule) continue;
    const m = re.exec(out);
    if (m) out = apply(rule, lang, m.slice(1), re, out);
  }
  return lang === 'zh' ? problemText(out, 'zh') : out;
}
