// Generated refund-list pages in each platform's real shape, deterministic (seeded), with
// realistic values: Chinese text, 4-decimal amounts where the platform writes them, ids above
// 2^53 where the platform sends numbers, zero dates, nested goods lines and time lines.
//
//   generate(platform, n, { bigIds = true }) → body text
//   platform: one of CASES: a platform id, or a platform's variant ("suning-xml")
//
// `bigIds: false` keeps every numeric id below 2^53 (so a JSON.parse baseline can be exact);
// the benchmark itself always uses big ids.

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GOODS = ["保温杯 500ml", "纯棉T恤 白色 XL", "无线蓝牙耳机", "儿童绘本《小熊很忙》全8册", "不锈钢炒锅 32cm", "羊毛围巾(灰)", "iPhone 15 硅胶保护壳", "有机绿茶 250g 礼盒装", "运动鞋 男款 42码", "电动牙刷替换刷头 4支装"];
const SPECS = ["白色", "黑色/L", "蓝色;XL", "默认规格", "套装A", "500g×2", "42码", "灰色 M"];
const REASONS = ["七天无理由退货", "商品质量问题", "拍错/多拍/不想要", "尺寸不合适", "发票问题", "物流太慢", "与描述不符", "其他"];
const NOTES = ["买家申请退款", "商品有破损,已拍照", "老公不喜欢", "颜色和图片不一样 \"色差\"", "", "请尽快处理\\谢谢", "换货改退货"];
const EXPRESS = ["顺丰速运", "中通快递", "圆通速递", "韵达快递", "京东物流", "EMS"];
const NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄晓明"];
const SHOPS = [["TB001", "天猫旗舰店"], ["JD002", "京东自营店"], ["PDD03", "拼多多专营店"], ["DY004", "抖音小店"]];

function pick(r, list) {
  return list[Math.floor(r() * list.length)];
}
function int(r, lo, hi) {
  return lo + Math.floor(r() * (hi - lo + 1));
}
function digits(r, n) {
  let s = String(int(r, 1, 9));
  for (let i = 1; i < n; i++) s += int(r, 0, 9);
  return s;
}
/** An id above 2^53 (9007199254740992) as digits, or below it. */
function bigId(r, big) {
  return big ? "9" + digits(r, 18) : String(int(r, 1e9, 9e15));
}
/** Yuan with exactly `decimals` decimals, trailing zeros as the ERP writes them. */
function yuan(r, decimals, max = 2000) {
  const cents = int(r, 1, max * 100);
  const s = (cents / 100).toFixed(2);
  return decimals > 2 ? s + "0".repeat(decimals - 2) : s;
}
const BASE = 1717171717; // 2024-05-31
function beijing(seconds) {
  return new Date((seconds + 8 * 3600) * 1000).toISOString().slice(0, 19).replace("T", " ");
}
function when(r) {
  return BASE + int(r, 0, 30 * 86400);
}
function phone(r) {
  return "1" + int(r, 3, 9) + digits(r, 9);
}

function wangdiantong(n, r) {
  const statuses = ["1", "2", "3", "4", "5", "10", "20", "30", "40", "50", "55", "60", "70", "80", "0"];
  const list = [];
  for (let i = 0; i < n; i++) {
    const refundNo = "TK" + (20240601000000 + i);
    const created = when(r);
    const status = i % 50 === 7 ? "0" : pick(r, statuses);
    const shipped = r() < 0.6;
    const goods = [];
    const oid = "OID" + digits(r, 12);
    const lines = int(r, 1, 3);
    for (let k = 0; k < lines; k++) {
      const num = int(r, 1, 5);
      const price = yuan(r, 4, 500);
      goods.push({
        platform_id: "127",
        refund_no: refundNo,
        oid: k > 0 && r() < 0.2 ? "OID" + digits(r, 12) : oid,
        status,
        goods_id: String(int(r, 10000, 99999)),
        spec_id: String(int(r, 100000, 999999)),
        goods_no: "G" + digits(r, 6),
        spec_no: "S" + digits(r, 8),
        goods_name: pick(r, GOODS),
        spec_name: pick(r, SPECS),
        num: num + ".0000",
        price,
        total_amount: (Number(price) * num).toFixed(4),
        remark: "",
        modified: beijing(created + 60),
        created: beijing(created),
      });
    }
    const amount = yuan(r, 4);
    list.push({
      platform_id: "127",
      shop_no: pick(r, SHOPS)[0],
      refund_no: refundNo,
      tid: "T" + digits(r, 17),
      type: String(int(r, 0, 4)),
      status,
      process_status: pick(r, ["0", "10", "15", "20", "30", "40", "50", "60", "70", "80"]),
      guarantee_mode: "1",
      cs_status: "0",
      op_constraint: "0",
      refund_amount: amount,
      actual_refund_amount: status === "5" ? amount : "0.0000",
      title: "",
      logistics_name: shipped ? pick(r, EXPRESS) : "",
      logistics_no: shipped ? "SF" + digits(r, 12) : "",
      refund_time: beijing(created - 600),
      is_aftersale: "1",
      reason: pick(r, REASONS),
      remark: pick(r, NOTES),
      modified: beijing(created + 3600),
      created: beijing(created),
      current_phase_timeout: status === "5" ? beijing(created + 7200) : "0000-00-00 00:00:00",
      goods_list: goods,
    });
  }
  return JSON.stringify({ code: 0, message: "", total_count: String(n * 3), trade_list: list });
}

function shopex(n, r) {
  const statuses = [["succ", "支付成功"], ["progress", "处理中"], ["ready", "准备中"], ["failed", "支付失败"], ["cancel", "未支付"], ["invalid", "非法参数"]];
  const lists = {};
  for (let i = 0; i < n; i++) {
    const id = String(10000 + i);
    const [status, statusName] = pick(r, statuses);
    const ready = when(r);
    const money = yuan(r, 3);
    const shop = pick(r, SHOPS);
    const items = [];
    const lines = int(r, 1, 3);
    for (let k = 0; k < lines; k++) {
      items.push({
        bn: "SKU-" + digits(r, 5),
        name: pick(r, GOODS),
        nums: r() < 0.5 ? int(r, 1, 4) : int(r, 1, 4) + ".000",
        refund_price: yuan(r, 3, 500),
        item_type: "refund_order",
      });
    }
    lists[id] = {
      refund_id: id,
      refund_bn: "R" + (20240601000000 + i),
      account: "",
      bank: "",
      pay_account: r() < 0.5 ? "buyer@example.com" : "",
      currency: "CNY",
      money,
      paycost: "0.000",
      cur_money: money,
      pay_type: "online",
      payment: "0",
      paymethod: pick(r, ["支付宝", "微信支付", "线下转账"]),
      t_ready: String(ready),
      download_time: String(ready + 60),
      t_sent: status === "succ" ? String(ready + 3600) : "0",
      t_received: "0",
      status,
      memo: pick(r, NOTES),
      trade_no: "",
      return_id: r() < 0.5 ? null : String(int(r, 1, 9999)),
      refund_refer: "aftersale",
      archive: "0",
      org_id: "1",
      addon: "",
      pay_type_name: "在线支付",
      status_name: statusName,
      order_bn: "SO" + digits(r, 14),
      shop_bn: shop[0],
      shop_name: shop[1],
      is_archive: 0,
      items,
    };
  }
  return JSON.stringify({ response: { lists, count: String(n * 3) } });
}

// Numbers are written as JSON numbers with their exact digits (ids above 2^53 included).
function numberJson(value, numbers) {
  return JSON.stringify(value, (k, v) => (numbers.has(k) && typeof v === "string" ? `\u0000${v}\u0000` : v)).replace(/"\\u0000([^"\\]*)\\u0000"/g, "$1");
}

function mogujie(n, r, big) {
  const statuses = ["return_goods_requested", "return_goods_agreed", "return_goods_shipped", "refund_requested", "refund_or_return_deal_agreed", "refund_or_return_seller_refused", "return_goods_seller_declare_not_received", "refund_completed", "refund_cancelled"];
  const list = [];
  for (let i = 0; i < n; i++) {
    const created = when(r);
    const status = pick(r, statuses);
    const number = int(r, 1, 3);
    const nowPrice = int(r, 100, 50000);
    const goodsPrice = nowPrice * number;
    const expense = goodsPrice - int(r, 0, Math.floor(goodsPrice / 10));
    // sellerRefundAmount: the doc says 分, its example gives yuan; both occur.
    const seller = r() < 0.5 ? String(expense) : (expense / 100).toFixed(2).replace(/\.?0+$/, "");
    const timeLines = [
      { actionName: "买家申请退货", actionType: "RETURN_GOODS_BUYER_ADD", createdStr: beijing(created), showContent: ["退款原因:" + pick(r, REASONS), "退款现金:" + (expense / 100).toFixed(2) + "元"] },
    ];
    if (status === "refund_completed") {
      timeLines.unshift({ actionName: "退款金额明细", actionType: "REFUND_MONEY_DETAIL", createdStr: beijing(created + 3600), showContent: ["退款现金:" + (expense / 100).toFixed(2) + "元 "] });
    }
    list.push({
      createdStr: beijing(created),
      expense: String(expense),
      goodsPrice: String(goodsPrice),
      itemId: bigId(r, big),
      itemOrderId: bigId(r, big),
      nowPrice: String(nowPrice),
      number: String(number),
      orderStatus: "ORDER_CLOSED",
      price: String(nowPrice + int(r, 0, 5000)),
      reason: pick(r, REASONS),
      refundDescription: pick(r, NOTES),
      refundId: bigId(r, big),
      refundShipInfo: {
        address: "浙江省杭州市西湖区文三路" + int(r, 1, 999) + "号",
        area: "西湖区",
        city: "杭州市",
        description: "",
        mobile: phone(r),
        name: pick(r, NAMES),
        province: "浙江省",
        shipTime: 0,
        zip: "310012",
        shipExpressName: pick(r, EXPRESS),
        shipExpressId: digits(r, 12),
      },
      refundType: r() < 0.5 ? "return_goods" : "refund_money",
      shopOrderId: bigId(r, big),
      status,
      sellerRefundAmount: seller,
      timeLines,
      updatedStr: beijing(created + 7200),
    });
  }
  const numbers = new Set(["expense", "goodsPrice", "itemId", "itemOrderId", "nowPrice", "number", "price", "refundId", "shopOrderId", "sellerRefundAmount"]);
  return numberJson({ result: { data: { hasNext: true, refundFullDTOList: list } }, status: { code: "0000000", msg: "调用成功!" } }, numbers);
}

function suningRecords(n, r) {
  const descs = ["1", "2", "3", "4", "5", "6", "7", "8", "退款待处理", "已拒绝退款", "8-退款成功", "卖家不同意协议, 等待买家投诉"];
  const records = [];
  for (let i = 0; i < n; i++) {
    const apply = when(r);
    const deal = yuan(r, 2);
    records.push({
      orderCode: String(2000532010 + i),
      productCode: String(int(r, 100000000, 199999999)),
      customer: phone(r),
      dealMoney: deal,
      returnMoney: r() < 0.7 ? deal : "0.00",
      applyTime: beijing(apply),
      statusPassTime: beijing(apply + 7 * 86400),
      statusDesc: pick(r, descs),
      returnReason: pick(r, REASONS),
      expressCompanyCode: r() < 0.6 ? "A0" + int(r, 1, 9) : "",
      expressNo: r() < 0.6 ? digits(r, 12) : "",
      returntype: String(int(r, 2, 4)),
      refundtype: r() < 0.5 ? "1" : "",
    });
  }
  return records;
}

function suning(n, r) {
  const pageTotal = 3;
  return JSON.stringify({
    sn_responseContent: {
      sn_head: { pageNo: "1", pageTotal: String(pageTotal), totalSize: String(n * pageTotal), returnMessage: "biz.handler.data-get:success" },
      sn_body: { batchQueryRejected: suningRecords(n, r) },
    },
  });
}

function xmlEscape(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function suningXml(n, r) {
  const pageTotal = 3;
  let out = `<?xml version="1.0" encoding="UTF-8"?>\n<sn_responseContent><sn_head><pageNo>1</pageNo><pageTotal>${pageTotal}</pageTotal><totalSize>${n * pageTotal}</totalSize><returnMessage>biz.handler.data-get:success</returnMessage></sn_head><sn_body>`;
  for (const rec of suningRecords(n, r)) {
    out += "<batchQueryRejected>";
    for (const [k, v] of Object.entries(rec)) out += v === "" ? `<${k}/>` : `<${k}>${xmlEscape(v)}</${k}>`;
    out += "</batchQueryRejected>";
  }
  return out + "</sn_body></sn_responseContent>";
}

function nuoyun(n, r, big) {
  const list = [];
  for (let i = 0; i < n; i++) {
    const created = when(r);
    const status = String(int(r, 1, 6));
    list.push({
      id: String(1000 + i),
      wechat_user_space_id: bigId(r, big),
      buyer_name: pick(r, NAMES),
      goods_id: String(int(r, 10000, 99999)),
      order_id: bigId(r, big),
      order_goods_id: bigId(r, big),
      refund_source: String(int(r, 1, 3)),
      refund_no: "RF" + (202501010000 + i),
      refund_money: yuan(r, int(r, 2, 4)),
      create_time: String(created),
      refund_type: String(int(r, 1, 2)),
      reason: pick(r, REASONS),
      phone: "138****" + digits(r, 4),
      remark: pick(r, NOTES),
      refund_time: status === "2" ? String(created + 60) : "0",
      status,
      merchant_refund_job_status: "1",
      update_at: beijing(created + 600),
      order_sn: "ORD" + digits(r, 12),
    });
  }
  const numbers = new Set(["id", "wechat_user_space_id", "goods_id", "order_id", "order_goods_id", "refund_source", "refund_money", "create_time", "refund_type", "refund_time", "status", "merchant_refund_job_status", "total"]);
  return numberJson({ code: 200, msg: "Success", data: { total: String(n * 3), list } }, numbers);
}

const TB_STATUSES = ["WAIT_SELLER_AGREE", "WAIT_BUYER_RETURN_GOODS", "WAIT_SELLER_CONFIRM_GOODS", "SELLER_REFUSE_BUYER", "CLOSED", "SUCCESS", "WAIT_BUYER_CONFIRM_EXCHANGE_SELLER_SEND_GOODS", "EXCHANGE_TRANSFORM_TO_REFUND", "WAIT_SELLER_CONSIGN_GOODS"];
const OPEN_UID = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// 淘宝/天猫: the answer to the package's own request (every field it asks for in `fields`, and
// use_has_next=true, so has_next instead of total_results); tid/oid are bare JSON numbers.
function taobao(n, r, big) {
  const list = [];
  for (let i = 0; i < n; i++) {
    const created = when(r);
    const status = pick(r, TB_STATUSES);
    const num = int(r, 1, 3);
    const price = int(r, 990, 59900);
    const total = price * num;
    const refund = r() < 0.7 ? total : int(r, 100, total);
    const returned = r() < 0.5;
    const tid = bigId(r, big);
    let uid = "AAH";
    while (uid.length < 24) uid += pick(r, [...OPEN_UID]);
    const record = {
      refund_id: "2339062836" + String(i).padStart(8, "0"),
      tid,
      oid: r() < 0.6 ? tid : bigId(r, big),
      title: pick(r, GOODS),
      buyer_nick: pick(r, NAMES)[0] + "**" + int(r, 0, 9),
      buyer_open_uid: uid,
      seller_nick: pick(r, SHOPS)[1],
      total_fee: (total / 100).toFixed(2),
      refund_fee: (refund / 100).toFixed(2),
      payment: ((total - refund) / 100).toFixed(2),
      status,
      good_status: returned ? "BUYER_RETURNED_GOODS" : "BUYER_NOT_RECEIVED",
      has_good_return: returned,
      order_status: pick(r, ["WAIT_SELLER_SEND_GOODS", "WAIT_BUYER_CONFIRM_GOODS", "TRADE_FINISHED"]),
      refund_phase: pick(r, ["onsale", "aftersale"]),
      reason: pick(r, REASONS),
      desc: pick(r, NOTES),
    };
    if (returned) {
      record.company_name = pick(r, EXPRESS);
      record.sid = digits(r, 14);
    }
    record.num = String(num);
    record.sku = digits(r, 11) + "|规格:" + pick(r, SPECS);
    record.outer_id = "SKU-" + digits(r, 6);
    record.created = beijing(created);
    record.modified = beijing(created + 3600);
    // end_time: when the refund ended, SUCCESS or CLOSED (a CLOSED one is a warning).
    if (status === "SUCCESS" || status === "CLOSED") record.end_time = beijing(created + 3600);
    list.push(record);
  }
  const body = { refunds_receive_get_response: { has_next: true, refunds: { refund: list }, request_id: "16kksr4el1bs0" } };
  return numberJson(body, new Set(["tid", "oid", "num"]));
}

// One generator per platform (equivalence.test.mjs checks that every platform of
// platforms() has one), and 苏宁's XML variant.
const GENERATORS = { wangdiantong, shopex, mogujie, suning, "suning-xml": suningXml, nuoyun, taobao };
export const CASES = Object.keys(GENERATORS);

export function generate(platform, n, { bigIds = true, seed = 20240601 } = {}) {
  const r = rng(seed + n);
  return GENERATORS[platform](n, r, bigIds);
}

/** The platform id a case parses with. */
export function platformOf(name) {
  return name === "suning-xml" ? "suning" : name;
}
