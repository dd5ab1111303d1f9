//! Views of the base-protocol requests: CER, DWR, DPR (RFC 6733 §5).

use std::net::IpAddr;

use super::{index, opt_str, opt_u32, require, require_str};
use crate::avp::{Address, RawAvp};
use crate::code::{ApplicationId, VendorId};
use crate::dict::base as b;
use crate::error::MessageError;
use crate::message::Message;

/// Capabilities-Exchange-Request (RFC 6733 §5.3.1).
#[derive(Debug, Clone)]
pub struct CerView<'a> {
    pub msg: Message<'a>,
    pub origin_host: &'a str,
    pub origin_realm: &'a str,
    pub vendor_id: u32,
    pub product_name: &'a str,
    pub origin_state_id: Option<u32>,
    pub firmware_revision: Option<u32>,
}

/// One application a peer advertises in CER/CEA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdvertisedApp {
    pub id: ApplicationId,
    /// The vendor of a Vendor-Specific-Application-Id; IETF for a plain Auth/Acct-Application-Id.
    pub vendor: VendorId,
    /// True for Acct-Application-Id.
    pub accounting: bool,
}

impl<'a> CerView<'a> {
    /// Reads a CER.
    pub fn parse(msg: &Message<'a>) -> Result<Self, MessageError> {
        let [oh, or, vid, pn, osi, fw] = index(
            msg,
            [
                &b::ORIGIN_HOST,
                &b::ORIGIN_REALM,
                &b::VENDOR_ID,
                &b::PRODUCT_NAME,
                &b::ORIGIN_STATE_ID,
                &b::FIRMWARE_REVISION,
            ],
        )?;
        let view = Self {
            msg: *msg,
            origin_host: require_str(oh, &b::ORIGIN_HOST)?,
            origin_realm: require_str(or, &b::ORIGIN_REALM)?,
            vendor_id: require(vid, &b::VENDOR_ID)?.u32()?,
            product_name: require_str(pn, &b::PRODUCT_NAME)?,
            origin_state_id: opt_u32(osi)?,
            firmware_revision: opt_u32(fw)?,
        };
        // Check the repeated AVPs now so that the iterators below cannot fail later.
        view.host_ip_addresses().try_for_each(|a| a.map(|_| ()))?;
        view.applications().try_for_each(|a| a.map(|_| ()))?;
        if view.host_ip_addresses().next().is_none() {
            return Err(MessageError::missing(b::HOST_IP_ADDRESS.code, VendorId::IETF, 6));
        }
        Ok(view)
    }

    /// Host-IP-Address values (at least one).
    pub fn host_ip_addresses(&self) -> impl Iterator<Item = Result<IpAddr, MessageError>> + 'a {
        self.msg.avps().filter_map(|a| match a {
            Ok(a) if a.is(b::HOST_IP_ADDRESS.code, VendorId::IETF) => match a.address() {
                Ok(Address::Ip(ip)) => Some(Ok(ip)),
                Ok(Address::Other { .. }) => None,
                Err(e) => Some(Err(e)),
            },
            Ok(_) => None,
            Err(e) => Some(Err(e)),
        })
    }

    /// Supported-Vendor-Id values.
    pub fn supported_vendors(&self) -> impl Iterator<Item = VendorId> + 'a {
        self.msg
            .avps()
            .flatten()
            .filter(|a| a.is(b::SUPPORTED_VENDOR_ID.code, VendorId::IETF))
            .filter_map(|a| a.u32().ok().map(VendorId))
    }

    /// Every application advertised: Auth-Application-Id, Acct-Application-Id and
    /// Vendor-Specific-Application-Id.
    pub fn applications(&self) -> impl Iterator<Item = Result<AdvertisedApp, MessageError>> + 'a {
        self.msg.avps().filter_map(|a| match a {
            Ok(a) => advertised(&a).transpose(),
            Err(e) => Some(Err(e)),
        })
    }

    /// True when the peer advertises `app` (or the relay application).
    pub fn advertises(&self, app: ApplicationId) -> bool {
        self.applications().flatten().any(|a| a.id == app || a.id == ApplicationId::RELAY)
    }
}

fn advertised(a: &RawAvp<'_>) -> Result<Option<AdvertisedApp>, MessageError> {
    let plain = |accounting| -> Result<_, MessageError> {
        Ok(Some(AdvertisedApp { id: ApplicationId(a.u32()?), vendor: VendorId::IETF, accounting }))
    };
    if a.is(b::AUTH_APPLICATION_ID.code, VendorId::IETF) {
        return plain(false);
    }
    if a.is(b::ACCT_APPLICATION_ID.code, VendorId::IETF) {
        return plain(true);
    }
    if !a.is(b::VENDOR_SPECIFIC_APPLICATION_ID.code, VendorId::IETF) {
        return Ok(None);
    }
    let [vendor, auth, acct] =
        super::index_group(a, [&b::VENDOR_ID, &b::AUTH_APPLICATION_ID, &b::ACCT_APPLICATION_ID])?;
    let vendor = VendorId(vendor.map(|v| v.u32()).transpose()?.unwrap_or(0));
    match (auth, acct) {
        (Some(id), _) => {
            Ok(Some(AdvertisedApp { id: ApplicationId(id.u32()?), vendor, accounting: false }))
        }
        (None, Some(id)) => {
            Ok(Some(AdvertisedApp { id: ApplicationId(id.u32()?), vendor, accounting: true }))
        }
        (None, None) => Err(MessageError::missing(b::AUTH_APPLICATION_ID.code, VendorId::IETF, 4)),
    }
}

/// Device-Watchdog-Request (RFC 6733 §5.5.1).
#[derive(Debug, Clone, Copy)]
pub struct DwrView<'a> {
    pub msg: Message<'a>,
    pub origin_host: &'a str,
    pub origin_realm: &'a str,
    pub origin_state_id: Option<u32>,
}

impl<'a> DwrView<'a> {
    /// Reads a DWR.
    pub fn parse(msg: &Message<'a>) -> Result<Self, MessageError> {
        let [oh, or, osi] = index(msg, [&b::ORIGIN_HOST, &b::ORIGIN_REALM, &b::ORIGIN_STATE_ID])?;
        Ok(Self {
            msg: *msg,
            origin_host: require_str(oh, &b::ORIGIN_HOST)?,
            origin_realm: require_str(or, &b::ORIGIN_REALM)?,
            origin_state_id: opt_u32(osi)?,
        })
    }
}

/// Disconnect-Peer-Request (RFC 6733 §5.4.1).
#[derive(Debug, Clone, Copy)]
pub struct DprView<'a> {
    pub msg: Message<'a>,
    pub origin_host: &'a str,
    pub origin_realm: &'a str,
    /// Disconnect-Cause: 0 REBOOTING, 1 BUSY, 2 DO_NOT_WANT_TO_TALK_TO_YOU.
    pub disconnect_cause: u32,
}

impl<'a> DprView<'a> {
    /// Reads a DPR.
    pub fn parse(msg: &Message<'a>) -> Result<Self, MessageError> {
        let [oh, or, dc] = index(msg, [&b::ORIGIN_HOST, &b::ORIGIN_REALM, &b::DISCONNECT_CAUSE])?;
        Ok(Self {
            msg: *msg,
            origin_host: require_str(oh, &b::ORIGIN_HOST)?,
            origin_realm: require_str(or, &b::ORIGIN_REALM)?,
            disconnect_cause: require(dc, &b::DISCONNECT_CAUSE)?.u32()?,
        })
    }
}

/// The Origin-Host of any message, for logging and routing answers.
pub fn origin_host<'a>(msg: &Message<'a>) -> Result<Option<&'a str>, MessageError> {
    let [oh] = index(msg, [&b::ORIGIN_HOST])?;
    opt_str(oh)
}
