// What every platform's page generator draws from: a seeded RNG and realistic values (Chinese
// text, amounts written the way an ERP writes them, ids above 2^53, Beijing times). The same
// seed gives the same page, byte for byte: the benchmark's numbers compare like with like.

/** mulberry32: a generator of floats in [0, 1) from a 32-bit seed. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const GOODS = ["保温杯 500ml", "纯棉T恤 白色 XL", "无线蓝牙耳机", "儿童绘本《小熊很忙》全8册", "不锈钢炒锅 32cm", "羊毛围巾(灰)", "iPhone 15 硅胶保护壳", "有机绿茶 250g 礼盒装", "运动鞋 男款 42码", "电动牙刷替换刷头 4支装"];
export const SPECS = ["白色", "黑色/L", "蓝色;XL", "默认规格", "套装A", "500g×2", "42码", "灰色 M"];
export const REASONS = ["七天无理由退货", "商品质量问题", "拍错/多拍/不想要", "尺寸不合适", "发票问题", "物流太慢", "与描述不符", "其他"];
export const NOTES = ["买家申请退款", "商品有破损,已拍照", "老公不喜欢", "颜色和图片不一样 \"色差\"", "", "请尽快处理\\谢谢", "换货改退货"];
export const EXPRESS = ["顺丰速运", "中通快递", "圆通速递", "韵达快递", "京东物流", "EMS"];
export const NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄晓明"];
export const SHOPS = [["TB001", "天猫旗舰店"], ["JD002", "京东自营店"], ["PDD03", "拼多多专营店"], ["DY004", "抖音小店"]];

export function pick(r, list) {
  return list[Math.floor(r() * list.length)];
}
export function int(r, lo, hi) {
  return lo + Math.floor(r() * (hi - lo + 1));
}
export function digits(r, n) {
  let s = String(int(r, 1, 9));
  for (let i = 1; i < n; i++) s += int(r, 0, 9);
  return s;
}
/** An id above 2^53 (9007199254740992) as digits, or below it. */
export function bigId(r, big) {
  return big ? "9" + digits(r, 18) : String(int(r, 1e9, 9e15));
}
/** Yuan with exactly `decimals` decimals, trailing zeros as the ERP writes them. */
export function yuanText(r, decimals, max = 2000) {
  const cents = int(r, 1, max * 100);
  const s = (cents / 100).toFixed(2);
  return decimals > 2 ? s + "0".repeat(decimals - 2) : s;
}
const BASE = 1717171717; // 2024-05-31
/** Unix seconds → Beijing "yyyy-MM-dd HH:mm:ss". */
export function beijingTime(seconds) {
  return new Date((seconds + 8 * 3600) * 1000).toISOString().slice(0, 19).replace("T", " ");
}
/** A Unix time within the 30 days after BASE. */
export function when(r) {
  return BASE + int(r, 0, 30 * 86400);
}
export function phone(r) {
  return "1" + int(r, 3, 9) + digits(r, 9);
}

/** JSON text where the members named in `numbers` are JSON numbers written from their digits
 * (ids above 2^53 included: never through a float). */
export function numberJson(value, numbers) {
  return JSON.stringify(value, (k, v) => (numbers.has(k) && typeof v === "string" ? `\u0000${v}\u0000` : v)).replace(/"\\u0000([^"\\]*)\\u0000"/g, "$1");
}

export function xmlEscape(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
