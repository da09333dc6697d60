//! Placeholder until this platform's module lands (issue 3).

use super::{not_supported, Credentials, ParseOptions, Platform, PlatformInfo, RequestOptions};
use crate::error::{Issue, RefundError};
use crate::model::{RefundPage, SignedRequest};
use crate::query::{Params, Query};

pub struct Shopex;

impl Platform for Shopex {
    fn info(&self) -> &'static PlatformInfo {
        unimplemented!()
    }
    fn query_params(&self, _query: &Query, _options: &RequestOptions) -> Result<Params, Vec<Issue>> {
        Err(Vec::new())
    }
    fn sign_params(&self, _params: &Params, _credentials: &Credentials) -> Result<String, RefundError> {
        Err(not_supported(self.info(), "signing", "签名"))
    }
    fn build_request(&self, _c: &Credentials, _q: &Query, _o: &RequestOptions) -> Result<SignedRequest, RefundError> {
        Err(not_supported(self.info(), "requests", "请求"))
    }
    fn parse_response<'a>(&self, _body: &'a str, _o: &ParseOptions) -> Result<RefundPage<'a>, RefundError> {
        Err(not_supported(self.info(), "parsing", "解析"))
    }
}
