//! Bodies the Rust tests share.

/// A page of `n` records that are all `{}` in the platform's envelope.
pub fn empty_records(platform: &str, n: usize) -> String {
    let list = format!("[{}]", vec!["{}"; n].join(","));
    match platform {
        "shopex" => format!(r#"{{"response":{{"lists":{list},"count":"{n}"}}}}"#),
        "wangdiantong" => format!(r#"{{"code":0,"message":"","total_count":"{n}","trade_list":{list}}}"#),
        "mogujie" => format!(r#"{{"result":{{"data":{{"hasNext":false,"refundFullDTOList":{list}}}}},"status":{{"code":"0000000","msg":"ok"}}}}"#),
        "suning" => format!(r#"{{"sn_responseContent":{{"sn_head":{{"pageNo":"1","pageTotal":"1","returnMessage":"biz.handler.data-get:success"}},"sn_body":{{"batchQueryRejected":{list}}}}}}}"#),
        "taobao" => format!(r#"{{"refunds_receive_get_response":{{"total_results":{n},"refunds":{{"refund":{list}}}}}}}"#),
        _ => format!(r#"{{"code":200,"msg":"Success","data":{{"total":{n},"list":{list}}}}}"#),
    }
}
