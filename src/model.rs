//! The unified refund model of DESIGN.md. Field names serialize camelCase, enum values
//! snake_case, absent data as `null`.
//!
//! Text borrows from the response body where it can (`Cow`), so a 1000-record page is not
//! 25 000 small allocations.

use serde::Serialize;
use std::borrow::Cow;

pub type Text<'a> = Cow<'a, str>;

/// Declares [`PlatformId`] from one line per platform: its variant and its id, the name it
/// has in every API, serialized form and error message. The registry (`platforms::platform`)
/// maps each to its module; everything else that lists the platforms reads [`PlatformId::ALL`]
/// or, in JavaScript, `platforms()`.
macro_rules! platform_ids {
    ($($variant:ident => $id:literal,)+) => {
        /// The platforms, in the order `platforms()` lists them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum PlatformId {
            $(#[serde(rename = $id)] $variant,)+
        }

        impl PlatformId {
            pub const ALL: [PlatformId; [$($id),+].len()] = [$(PlatformId::$variant),+];
            /// The ids of [`PlatformId::ALL`], in its order.
            pub const IDS: [&'static str; [$($id),+].len()] = [$($id),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(PlatformId::$variant => $id,)+
                }
            }
        }
    };
}

platform_ids! {
    Shopex => "shopex",
    Wangdiantong => "wangdiantong",
    Mogujie => "mogujie",
    Suning => "suning",
    Nuoyun => "nuoyun",
    Taobao => "taobao",
}

impl PlatformId {
    pub fn parse(id: &str) -> Option<PlatformId> {
        PlatformId::ALL.into_iter().find(|p| p.as_str() == id)
    }
}

/// What the buyer asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    RefundOnly,
    ReturnAndRefund,
    Exchange,
    CancelOrder,
    Unknown,
}

impl Kind {
    /// Every kind, in declaration order (`kind as usize` is its index).
    pub const ALL: [Kind; 5] = [Kind::RefundOnly, Kind::ReturnAndRefund, Kind::Exchange, Kind::CancelOrder, Kind::Unknown];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::RefundOnly => "refund_only",
            Kind::ReturnAndRefund => "return_and_refund",
            Kind::Exchange => "exchange",
            Kind::CancelOrder => "cancel_order",
            Kind::Unknown => "unknown",
        }
    }
}

/// Where the refund stands, the same on every platform (DESIGN.md "Status and kind tables").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pending,
    AwaitingReturn,
    ReturnInTransit,
    Processing,
    AwaitingBuyer,
    Rejected,
    Succeeded,
    Cancelled,
    Closed,
    Failed,
    Unknown,
}

impl Status {
    /// Every status, in declaration order (`status as usize` is its index).
    pub const ALL: [Status; 11] = [
        Status::Pending,
        Status::AwaitingReturn,
        Status::ReturnInTransit,
        Status::Processing,
        Status::AwaitingBuyer,
        Status::Rejected,
        Status::Succeeded,
        Status::Cancelled,
        Status::Closed,
        Status::Failed,
        Status::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::AwaitingReturn => "awaiting_return",
            Status::ReturnInTransit => "return_in_transit",
            Status::Processing => "processing",
            Status::AwaitingBuyer => "awaiting_buyer",
            Status::Rejected => "rejected",
            Status::Succeeded => "succeeded",
            Status::Cancelled => "cancelled",
            Status::Closed => "closed",
            Status::Failed => "failed",
            Status::Unknown => "unknown",
        }
    }
}

/// What a warning is about: a stable code to filter on. Each variant names the one kind of
/// data-quality flag it stands for; the message says which field and value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// An amount below zero, kept as given.
    NegativeAmount,
    /// An amount whose unit the doc contradicts (a fraction in a field documented in 分).
    AmountUnit,
    /// Amounts in another currency, not converted.
    Currency,
    /// Two fields that both name the refund disagree; the message says which is the id.
    IdMismatch,
    /// A code the doc does not list; the value is kept as given.
    UnknownCode,
    /// The platform's status is not in its table (or is its "empty" code): `status` is
    /// `unknown`, and the message gives any other progress the record states.
    StatusUnknown,
    /// A success time on a refund that has not succeeded: not taken as `refundedAt`.
    RefundedAtNotSucceeded,
    /// A succeeded refund without a success time: `refundedAt` is null.
    RefundedAtMissing,
    /// A value taken from a second-best field (the list price for the paid price).
    Fallback,
    /// The body was not strict JSON and was repaired before reading.
    BodyRepaired,
    /// The list of records is absent or of another kind; read as no records.
    NoRecords,
    /// A list given as a single record; read as a list of one.
    SingleRecord,
    /// Whether more pages follow could not be decided, or contradicts the page.
    HasMore,
    /// The total is not on this page (the platform sends it only with the first).
    TotalElsewhere,
    /// A paging count in the head is not a number, or the page is not the one asked for.
    Paging,
    /// An envelope message other than the documented success.
    Envelope,
    /// The same refund twice on one page.
    DuplicateId,
    /// The sync had to page with offsets, which may skip or repeat records.
    OffsetPaging,
    /// The sync stopped at the platform's last reachable page.
    LastPage,
    /// A second's records kept changing while the sync read them.
    StillChanging,
}

impl WarningCode {
    /// Every code, in declaration order (the types and docs list them from this).
    pub const ALL: [WarningCode; 20] = [
        WarningCode::NegativeAmount,
        WarningCode::AmountUnit,
        WarningCode::Currency,
        WarningCode::IdMismatch,
        WarningCode::UnknownCode,
        WarningCode::StatusUnknown,
        WarningCode::RefundedAtNotSucceeded,
        WarningCode::RefundedAtMissing,
        WarningCode::Fallback,
        WarningCode::BodyRepaired,
        WarningCode::NoRecords,
        WarningCode::SingleRecord,
        WarningCode::HasMore,
        WarningCode::TotalElsewhere,
        WarningCode::Paging,
        WarningCode::Envelope,
        WarningCode::DuplicateId,
        WarningCode::OffsetPaging,
        WarningCode::LastPage,
        WarningCode::StillChanging,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::NegativeAmount => "negative_amount",
            WarningCode::AmountUnit => "amount_unit",
            WarningCode::Currency => "currency",
            WarningCode::IdMismatch => "id_mismatch",
            WarningCode::UnknownCode => "unknown_code",
            WarningCode::StatusUnknown => "status_unknown",
            WarningCode::RefundedAtNotSucceeded => "refunded_at_not_succeeded",
            WarningCode::RefundedAtMissing => "refunded_at_missing",
            WarningCode::Fallback => "fallback",
            WarningCode::BodyRepaired => "body_repaired",
            WarningCode::NoRecords => "no_records",
            WarningCode::SingleRecord => "single_record",
            WarningCode::HasMore => "has_more",
            WarningCode::TotalElsewhere => "total_elsewhere",
            WarningCode::Paging => "paging",
            WarningCode::Envelope => "envelope",
            WarningCode::DuplicateId => "duplicate_id",
            WarningCode::OffsetPaging => "offset_paging",
            WarningCode::LastPage => "last_page",
            WarningCode::StillChanging => "still_changing",
        }
    }
}

/// A data-quality flag on a record or a page, like errors and issues: a stable code, an
/// English and a Chinese message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    pub code: WarningCode,
    pub message: String,
    pub message_zh: String,
}

impl Warning {
    pub fn new(code: WarningCode, message: impl Into<String>, message_zh: impl Into<String>) -> Warning {
        Warning { code, message: message.into(), message_zh: message_zh.into() }
    }

    /// A negative amount, on any platform.
    pub fn negative_amount(amount: &str) -> Warning {
        Warning::new(WarningCode::NegativeAmount, format!("negative amount {amount}"), format!("金额为负数 {amount}"))
    }
}

/// Tests and hosts compare a warning with its English message.
impl PartialEq<&str> for Warning {
    fn eq(&self, message: &&str) -> bool {
        self.message == *message
    }
}

/// The platform's own status, exactly as it said it; `label` from the doc's table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlatformStatus<'a> {
    pub code: Option<Text<'a>>,
    pub label: Option<Text<'a>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Buyer<'a> {
    pub id: Option<Text<'a>>,
    pub name: Option<Text<'a>>,
    pub phone: Option<Text<'a>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReturnShipment<'a> {
    pub company: Option<Text<'a>>,
    pub company_code: Option<Text<'a>>,
    pub tracking_no: Option<Text<'a>>,
}

/// One refunded line; quantities and money are decimal strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Item<'a> {
    pub goods_id: Option<Text<'a>>,
    pub sku_id: Option<Text<'a>>,
    pub goods_no: Option<Text<'a>>,
    pub sku_no: Option<Text<'a>>,
    pub name: Option<Text<'a>>,
    pub sku_name: Option<Text<'a>>,
    pub quantity: Option<Text<'a>>,
    pub unit_price: Option<Text<'a>>,
    pub amount: Option<Text<'a>>,
}

/// The unified refund record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Refund<'a> {
    pub platform: PlatformId,
    pub id: Text<'a>,
    pub order_id: Option<Text<'a>>,
    pub sub_order_id: Option<Text<'a>>,
    pub shop_id: Option<Text<'a>>,
    pub shop_name: Option<Text<'a>>,
    pub kind: Kind,
    pub status: Status,
    pub platform_status: PlatformStatus<'a>,
    pub requested_amount: Option<Text<'a>>,
    pub refunded_amount: Option<Text<'a>>,
    pub currency: &'static str,
    pub reason: Option<Text<'a>>,
    pub note: Option<Text<'a>>,
    pub buyer: Option<Buyer<'a>>,
    pub return_shipment: Option<ReturnShipment<'a>>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub refunded_at: Option<String>,
    pub items: Vec<Item<'a>>,
    pub warnings: Vec<Warning>,
    /// The record's JSON (or XML) text as received, only with `includeRaw`. Text rather than
    /// a parsed object, so big ids and amounts in it stay exact in JavaScript too.
    pub raw: Option<Text<'a>>,
}

impl<'a> Refund<'a> {
    /// DESIGN: `refundedAt` only for `succeeded`. The platform's success time `at` (read from
    /// `field`) becomes `refunded_at` when the refund succeeded; on any other status it is a
    /// warning. Where the platform's doc promises the time on every success (`promised`), a
    /// succeeded refund without one is a warning too. Call it once `status` is set.
    pub fn set_refunded_at(&mut self, field: &str, at: Option<String>, promised: bool) {
        match (self.status == Status::Succeeded, at) {
            (true, Some(at)) => self.refunded_at = Some(at),
            (true, None) if promised => self.warnings.push(Warning::new(
                WarningCode::RefundedAtMissing,
                format!("the refund succeeded without {field}: refundedAt unknown"),
                format!("退款已成功但没有 {field}:退款时间未知"),
            )),
            (false, Some(at)) => self.warnings.push(Warning::new(
                WarningCode::RefundedAtNotSucceeded,
                format!("{field} {at} ignored: the refund is {}, not succeeded", self.status.as_str()),
                format!("已忽略 {field} {at}:退款状态为 {},并非退款成功", self.status.as_str()),
            )),
            _ => {}
        }
    }

    /// A record with only its identity and statuses; platforms fill in the rest.
    pub fn new(platform: PlatformId, id: Text<'a>) -> Refund<'a> {
        Refund {
            platform,
            id,
            order_id: None,
            sub_order_id: None,
            shop_id: None,
            shop_name: None,
            kind: Kind::Unknown,
            status: Status::Unknown,
            platform_status: PlatformStatus { code: None, label: None },
            requested_amount: None,
            refunded_amount: None,
            currency: "CNY",
            reason: None,
            note: None,
            buyer: None,
            return_shipment: None,
            created_at: None,
            updated_at: None,
            refunded_at: None,
            items: Vec::new(),
            warnings: Vec::new(),
            raw: None,
        }
    }
}

/// An input record that could not be normalized; it is reported, never dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    /// Position in the platform's list (0-based).
    pub index: usize,
    pub id: Option<String>,
    /// `invalid_type`, `invalid_money`, `invalid_time`, `missing_id`, `not_an_object`, ...
    pub code: &'static str,
    pub message: String,
    /// Where in the body: `trade_list[3].refund_amount`.
    pub path: String,
}

/// Where this page sits in the result set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageInfo {
    /// 1-based, whatever the platform counts from.
    pub page: Option<u64>,
    pub page_size: Option<u64>,
    /// Records in the whole result set, where the platform said (or the caller carried it).
    pub total: Option<u64>,
    /// Is there a next page? `null` when the response cannot tell.
    pub has_more: Option<bool>,
}

/// One parsed response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefundPage<'a> {
    pub refunds: Vec<Refund<'a>>,
    pub page: PageInfo,
    pub rejected: Vec<Rejected>,
    pub warnings: Vec<Warning>,
}

/// The HTTP request a host sends with `fetch(url, { method, headers, body })`. The
/// platforms' fixed texts (URLs, header names, content types) are borrowed, not copied on
/// every call (docs/performance.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignedRequest {
    pub url: Cow<'static, str>,
    pub method: &'static str,
    /// In the order they should be sent.
    pub headers: Vec<(Cow<'static, str>, Cow<'static, str>)>,
    pub body: String,
}

/// ShopEx `refunds.getRefundAmount`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundAmount {
    pub total_amount: String,
}

fn owned(text: Option<Text<'_>>) -> Option<Text<'static>> {
    text.map(|t| Cow::Owned(t.into_owned()))
}

impl Refund<'_> {
    /// The same record, owning its text: for bodies that had to be repaired into a
    /// temporary string before parsing (trailing commas, invalid JSON).
    pub fn into_owned(self) -> Refund<'static> {
        Refund {
            platform: self.platform,
            id: Cow::Owned(self.id.into_owned()),
            order_id: owned(self.order_id),
            sub_order_id: owned(self.sub_order_id),
            shop_id: owned(self.shop_id),
            shop_name: owned(self.shop_name),
            kind: self.kind,
            status: self.status,
            platform_status: PlatformStatus { code: owned(self.platform_status.code), label: owned(self.platform_status.label) },
            requested_amount: owned(self.requested_amount),
            refunded_amount: owned(self.refunded_amount),
            currency: self.currency,
            reason: owned(self.reason),
            note: owned(self.note),
            buyer: self.buyer.map(|b| Buyer { id: owned(b.id), name: owned(b.name), phone: owned(b.phone) }),
            return_shipment: self.return_shipment.map(|s| ReturnShipment {
                company: owned(s.company),
                company_code: owned(s.company_code),
                tracking_no: owned(s.tracking_no),
            }),
            created_at: self.created_at,
            updated_at: self.updated_at,
            refunded_at: self.refunded_at,
            items: self
                .items
                .into_iter()
                .map(|i| Item {
                    goods_id: owned(i.goods_id),
                    sku_id: owned(i.sku_id),
                    goods_no: owned(i.goods_no),
                    sku_no: owned(i.sku_no),
                    name: owned(i.name),
                    sku_name: owned(i.sku_name),
                    quantity: owned(i.quantity),
                    unit_price: owned(i.unit_price),
                    amount: owned(i.amount),
                })
                .collect(),
            warnings: self.warnings,
            raw: owned(self.raw),
        }
    }
}

impl RefundPage<'_> {
    /// The same page, owning its text (see [`Refund::into_owned`]).
    pub fn into_owned(self) -> RefundPage<'static> {
        RefundPage {
            refunds: self.refunds.into_iter().map(Refund::into_owned).collect(),
            page: self.page,
            rejected: self.rejected,
            warnings: self.warnings,
        }
    }
}
