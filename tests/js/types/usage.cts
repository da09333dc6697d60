import rn = require("refund-normalizer");

const page: rn.RefundPage = rn.parseResponse("wangdiantong", "{}");
const err: typeof rn.RefundError = rn.RefundError;
export = { page, err };
