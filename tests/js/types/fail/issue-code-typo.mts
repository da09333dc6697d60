// Issue codes are a closed list: a typo is caught.
import { validateQuery } from "refund-normalizer";
const { issues } = validateQuery("suning", { pageSize: 500 });
// error:
const tooBig = issues.some((i) => i.code === "out_of_bounds");
export { tooBig };
