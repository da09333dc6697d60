// A 蘑菇街 sync signed with 旺店通's credentials.
import { RefundSync } from "refund-normalizer";
const sync = new RefundSync("mogujie", { since: 0, until: 1 });
// error:
sync.next({ sid: "s", appKey: "k", appSecret: "x" });
