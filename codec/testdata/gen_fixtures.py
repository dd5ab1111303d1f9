#!/usr/bin/env python3
"""Byte-exact Diameter fixtures from an independent implementation.

Made with python-diameter 0.9.0 (PyPI `python-diameter`, import name `diameter`):

    pip install python-diameter==0.9.0
    python3 codec/testdata/gen_fixtures.py          # (re)writes codec/testdata/fixtures/*.hex
    python3 codec/testdata/gen_fixtures.py --check  # verifies the committed files, writes nothing

Each message is built with the package's own command classes (`...Request`/`...Answer`,
`to_answer()`) and grouped-AVP dataclasses; it is serialised by `Message.as_bytes()` and written as
lowercase hex, 32 bytes per line, to `fixtures/<name>.hex`. Everything is fixed (hop-by-hop and
end-to-end identifiers, Session-Ids, keys and vectors derived from SHA-256 of a label), so running
the script again produces identical files. `codec/tests/fixtures.rs` decodes them with our codec.

Where python-diameter 0.9.0 cannot express something, the AVP is still built by the package,
through its generic API (`Avp.new(code, vendor, value=...)` + `append_avp`), never by hand:
- Update-Location-Request: its class has no Terminal-Information attribute (TS 29.272 §7.2.3
  lists it); appended as a generic grouped AVP.
- Cx Multimedia-Auth Request/Answer: the classes bind `sip_auth_data_item` and
  `sip_number_auth_items` to the RFC 4740 codes 376 and 382 (no vendor), while Cx uses
  3GPP-SIP-Auth-Data-Item 612 and 3GPP-SIP-Number-Auth-Items 607 with vendor 10415
  (TS 29.229 §6.3); the package's dictionary knows 607/612/613/608/609/610/625/626, so those are
  appended as generic AVPs.
- Sh User-Data-Answer: its class binds `user_data` to Cx User-Data (606) instead of Sh-User-Data
  (702, TS 29.329 §6.3); Sh-User-Data is appended as a generic AVP.
- Cx Multimedia-Auth-Answer and Server-Assignment-Answer: their classes have no User-Name
  attribute (TS 29.229 lists it in both); appended as a generic AVP.
- Cx User-Authorization-Request: its class has no Session-Id attribute; the message is
  re-assembled with the generic `Message(header, avps)` class, Session-Id (`Avp.new`) first.
- Cx Location-Info-Request: its class lists SIP-Auth-Data-Item, SIP-Number-Auth-Items and
  Server-Name (copied from MAR) but not User-Authorization-Type; the spurious ones are left unset
  and User-Authorization-Type is appended as a generic AVP.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import sys
from pathlib import Path

from diameter.message import Message
from diameter.message.avp import Avp
from diameter.message.avp.generator import generate_avps_from_defs
from diameter.message.avp.grouped import (
    Ambr,
    AllocationRetentionPriority,
    ApnConfiguration,
    ApnConfigurationProfile,
    AuthenticationInfo,
    EpsSubscribedQosProfile,
    EUtranVector,
    ExperimentalResult,
    FailedAvp,
    RequestedEutranAuthenticationInfo,
    ServerCapabilities,
    SubscriptionData,
    SupportedFeatures,
    TerminalInformation,
    UserIdentity,
    VendorSpecificApplicationId,
)
from diameter.message.commands import (
    AuthenticationInformationRequest,
    CancelLocationRequest,
    CapabilitiesExchangeRequest,
    DeviceWatchdogRequest,
    DisconnectPeerRequest,
    LocationInfoRequest,
    MeIdentityCheckRequest,
    MultimediaAuthRequest,
    NotifyRequest,
    PurgeUeRequest,
    ServerAssignmentRequest,
    UpdateLocationRequest,
    UserAuthorizationRequest,
    UserDataRequest,
)
from diameter.message.constants import (
    APP_3GPP_CX,
    APP_3GPP_S13_S13,
    APP_3GPP_S6A_S6D,
    APP_3GPP_SH,
    APP_DIAMETER_COMMON_MESSAGES,
    AVP_TGPP_3GPP_SIP_AUTH_DATA_ITEM,
    AVP_TGPP_3GPP_SIP_AUTHENTICATE,
    AVP_TGPP_3GPP_SIP_AUTHENTICATION_SCHEME,
    AVP_TGPP_3GPP_SIP_AUTHORIZATION,
    AVP_TGPP_3GPP_SIP_ITEM_NUMBER,
    AVP_TGPP_3GPP_SIP_NUMBER_AUTH_ITEMS,
    AVP_TGPP_CONFIDENTIALITY_KEY,
    AVP_TGPP_INTEGRITY_KEY,
    AVP_TGPP_SH_USER_DATA,
    AVP_TGPP_TERMINAL_INFORMATION,
    AVP_TGPP_USER_AUTHORIZATION_TYPE,
    AVP_SESSION_ID,
    AVP_USER_NAME,
    VENDOR_ETSI,
    VENDOR_TGPP,
)

PACKAGE_VERSION = "0.9.0"
OUT = Path(__file__).resolve().parent / "fixtures"

# --- identities -----------------------------------------------------------------------------

EPC = "epc.mnc001.mcc001.3gppnetwork.org"
IMS = "ims.mnc001.mcc001.3gppnetwork.org"
MME = f"mme01.{EPC}"
HSS = f"hss01.{EPC}"
EIR = f"eir01.{EPC}"
ICSCF = f"icscf01.{IMS}"
SCSCF = f"scscf01.{IMS}"
HSS_IMS = f"hss01.{IMS}"
AS = f"as01.{IMS}"

IMSI = "001010123456789"
PLMN = bytes.fromhex("00f110")  # MCC 001, MNC 01 (TS 29.272 §7.3.9 / TS 24.008)
MSISDN = bytes.fromhex("5155214365f7")  # 15551234567, TBCD with a filler nibble
IMEI = "35332011234567"  # TAC 35332011 + SNR 123456 (no check digit, TS 23.003 §6.2.1)
SOFTWARE_VERSION = "05"
IMPI = f"{IMSI}@{IMS}"
IMPU = f"sip:{IMSI}@{IMS}"
SERVER_NAME = f"sip:{SCSCF}:6060"

S6A = VendorSpecificApplicationId(vendor_id=VENDOR_TGPP, auth_application_id=APP_3GPP_S6A_S6D)
S13 = VendorSpecificApplicationId(vendor_id=VENDOR_TGPP, auth_application_id=APP_3GPP_S13_S13)
CX = VendorSpecificApplicationId(vendor_id=VENDOR_TGPP, auth_application_id=APP_3GPP_CX)
SH = VendorSpecificApplicationId(vendor_id=VENDOR_TGPP, auth_application_id=APP_3GPP_SH)

NO_STATE_MAINTAINED = 1
SUCCESS = 2001


def material(label: str, n: int) -> bytes:
    """Deterministic pseudo-random bytes standing in for RAND, AUTN, keys."""
    out = b""
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(f"{label}/{counter}".encode()).digest()
        counter += 1
    return out[:n]


def put(msg: Message, **attrs) -> Message:
    """Sets message attributes, refusing names the class would silently ignore.

    A Session-Id the class does not list (UserAuthorizationRequest in 0.9.0) is kept aside and
    put first by `encode`.
    """
    known = {d.attr_name for d in msg.avp_def}
    for name, value in attrs.items():
        if name == "session_id" and name not in known:
            msg.__dict__["extra_session_id"] = value
        elif name not in known:
            raise AttributeError(f"{type(msg).__name__} has no AVP attribute {name!r}")
        else:
            setattr(msg, name, value)
    return msg


def session_id(msg: Message) -> str:
    return msg.__dict__.get("extra_session_id") or msg.session_id


def encode(msg: Message) -> bytes:
    """The message's bytes; a kept-aside Session-Id goes first, through the generic
    `Message(header, avps)` class (RFC 6733 §8.8: it SHOULD follow the header)."""
    sid = msg.__dict__.get("extra_session_id")
    if sid is None:
        return msg.as_bytes()
    return Message(msg.header, [Avp.new(AVP_SESSION_ID, value=sid)] + msg.avps).as_bytes()


def ids(msg: Message, hop_by_hop: int, end_to_end: int, app: int) -> Message:
    msg.header.hop_by_hop_identifier = hop_by_hop
    msg.header.end_to_end_identifier = end_to_end
    msg.header.application_id = app
    return msg


def grouped(code: int, vendor: int, data) -> Avp:
    """A grouped AVP through the generic API, children generated from a dataclass."""
    return Avp.new(code, vendor, value=generate_avps_from_defs(data))


def terminal_information() -> TerminalInformation:
    return TerminalInformation(imei=IMEI, software_version=SOFTWARE_VERSION)


# --- base protocol (RFC 6733) -----------------------------------------------------------------


def base() -> dict[str, Message]:
    cer = ids(CapabilitiesExchangeRequest(), 0x0000_0001, 0x5A00_0001, APP_DIAMETER_COMMON_MESSAGES)
    put(
        cer,
        origin_host=MME.encode(),
        origin_realm=EPC.encode(),
        host_ip_address=["10.0.0.10", "2001:db8::10"],
        vendor_id=VENDOR_TGPP,
        product_name="python-diameter fixture MME",
        origin_state_id=1_700_000_001,
        supported_vendor_id=[VENDOR_TGPP, VENDOR_ETSI],
        inband_security_id=[0],
        vendor_specific_application_id=[S6A, S13],
        firmware_revision=1,
    )
    cea = cer.to_answer()
    put(
        cea,
        result_code=SUCCESS,
        origin_host=HSS.encode(),
        origin_realm=EPC.encode(),
        host_ip_address=["10.0.0.20"],
        vendor_id=VENDOR_TGPP,
        product_name="python-diameter fixture HSS",
        origin_state_id=1_700_000_002,
        supported_vendor_id=[VENDOR_TGPP],
        vendor_specific_application_id=[S6A],
    )
    dwr = ids(DeviceWatchdogRequest(), 0x0000_0002, 0x5A00_0002, APP_DIAMETER_COMMON_MESSAGES)
    put(dwr, origin_host=MME.encode(), origin_realm=EPC.encode(), origin_state_id=1_700_000_001)
    dwa = dwr.to_answer()
    put(dwa, result_code=SUCCESS, origin_host=HSS.encode(), origin_realm=EPC.encode(),
        origin_state_id=1_700_000_002)
    dpr = ids(DisconnectPeerRequest(), 0x0000_0003, 0x5A00_0003, APP_DIAMETER_COMMON_MESSAGES)
    put(dpr, origin_host=MME.encode(), origin_realm=EPC.encode(), disconnect_cause=0)  # REBOOTING
    dpa = dpr.to_answer()
    put(dpa, result_code=SUCCESS, origin_host=HSS.encode(), origin_realm=EPC.encode())
    return {
        "base_cer": cer, "base_cea": cea,
        "base_dwr": dwr, "base_dwa": dwa,
        "base_dpr": dpr, "base_dpa": dpa,
    }


# --- S6a (TS 29.272) --------------------------------------------------------------------------


def s6a_request(msg: Message, n: int, **attrs) -> Message:
    ids(msg, 0x0000_0100 + n, 0x5A00_0100 + n, APP_3GPP_S6A_S6D)
    return put(
        msg,
        session_id=f"{MME};1700000001;{n}",
        auth_session_state=NO_STATE_MAINTAINED,
        origin_host=MME.encode(),
        origin_realm=EPC.encode(),
        destination_realm=EPC.encode(),
        **attrs,
    )


def s6a_answer(req: Message, **attrs) -> Message:
    ans = req.to_answer()
    return put(
        ans,
        session_id=session_id(req),
        auth_session_state=NO_STATE_MAINTAINED,
        origin_host=HSS.encode(),
        origin_realm=EPC.encode(),
        **attrs,
    )


def eutran_vector(item: int) -> EUtranVector:
    return EUtranVector(
        item_number=item,
        rand=material(f"rand{item}", 16),
        xres=material(f"xres{item}", 8),
        autn=material(f"autn{item}", 16),
        kasme=material(f"kasme{item}", 32),
    )


def s6a() -> dict[str, Message]:
    air = s6a_request(
        AuthenticationInformationRequest(), 1,
        destination_host=HSS.encode(),
        user_name=IMSI,
        requested_eutran_authentication_info=RequestedEutranAuthenticationInfo(
            number_of_requested_vectors=2, immediate_response_preferred=1),
        visited_plmn_id=PLMN,
    )
    aia = s6a_answer(
        air,
        result_code=SUCCESS,
        authentication_info=AuthenticationInfo(e_utran_vector=[eutran_vector(1), eutran_vector(2)]),
    )
    air_resync = s6a_request(
        AuthenticationInformationRequest(), 2,
        destination_host=HSS.encode(),
        user_name=IMSI,
        requested_eutran_authentication_info=RequestedEutranAuthenticationInfo(
            number_of_requested_vectors=1,
            immediate_response_preferred=1,
            # RAND (16) || AUTS (14), TS 33.102 §6.3.5
            re_synchronization_info=material("rand1", 16) + material("auts", 14),
        ),
        visited_plmn_id=PLMN,
    )
    aia_unknown = s6a_answer(
        air_resync,
        experimental_result=ExperimentalResult(vendor_id=VENDOR_TGPP,
                                               experimental_result_code=5001),  # USER_UNKNOWN
        failed_avp=[FailedAvp(additional_avps=[Avp.new(AVP_USER_NAME, value=IMSI)])],
    )
    ulr = s6a_request(
        UpdateLocationRequest(), 3,
        vendor_specific_application_id=S6A,
        destination_host=HSS.encode(),
        user_name=IMSI,
        supported_features=[SupportedFeatures(vendor_id=VENDOR_TGPP, feature_list_id=1,
                                              feature_list=0x0000_0003)],
        rat_type=1004,  # EUTRAN
        ulr_flags=0x0000_0022,  # S6a/S6d-Indicator | Initial-Attach-Indicator
        visited_plmn_id=PLMN,
    )
    # Not an attribute of UpdateLocationRequest in 0.9.0: generic AVP.
    ulr.append_avp(grouped(AVP_TGPP_TERMINAL_INFORMATION, VENDOR_TGPP, terminal_information()))
    ula = s6a_answer(
        ulr,
        result_code=SUCCESS,
        ula_flags=0x0000_0001,  # Separation Indication
        subscription_data=SubscriptionData(
            subscriber_status=0,  # SERVICE_GRANTED
            msisdn=MSISDN,
            network_access_mode=2,  # ONLY_PACKET
            ambr=Ambr(max_requested_bandwidth_ul=50_000_000, max_requested_bandwidth_dl=100_000_000),
            apn_configuration_profile=ApnConfigurationProfile(
                context_identifier=1,
                all_apn_configurations_included_indicator=0,  # All_APN_CONFIGURATIONS_INCLUDED
                apn_configuration=[ApnConfiguration(
                    context_identifier=1,
                    pdn_type=2,  # IPv4v6
                    service_selection="internet",
                    eps_subscribed_qos_profile=EpsSubscribedQosProfile(
                        qos_class_identifier=9,
                        allocation_retention_priority=AllocationRetentionPriority(
                            priority_level=8,
                            pre_emption_capability=1,  # PRE-EMPTION_CAPABILITY_DISABLED
                            pre_emption_vulnerability=0,  # PRE-EMPTION_VULNERABILITY_ENABLED
                        ),
                    ),
                    ambr=Ambr(max_requested_bandwidth_ul=20_000_000,
                              max_requested_bandwidth_dl=40_000_000),
                )],
            ),
            subscribed_periodic_rau_tau_timer=720,
        ),
    )
    pur = s6a_request(PurgeUeRequest(), 4, destination_host=HSS.encode(), user_name=IMSI,
                      pur_flags=0x0000_0001)  # UE Purged in MME
    pua = s6a_answer(pur, result_code=SUCCESS, pua_flags=0x0000_0001)  # Freeze M-TMSI
    # CLR goes from the HSS to the MME.
    clr = ids(CancelLocationRequest(), 0x0000_0105, 0x5A00_0105, APP_3GPP_S6A_S6D)
    put(
        clr,
        session_id=f"{HSS};1700000002;5",
        auth_session_state=NO_STATE_MAINTAINED,
        origin_host=HSS.encode(),
        origin_realm=EPC.encode(),
        destination_host=MME.encode(),
        destination_realm=EPC.encode(),
        user_name=IMSI,
        cancellation_type=2,  # SUBSCRIPTION_WITHDRAWAL
        clr_flags=0x0000_0003,  # S6a/S6d-Indicator | Reattach-Required
    )
    cla = clr.to_answer()
    put(cla, session_id=clr.session_id, result_code=SUCCESS,
        auth_session_state=NO_STATE_MAINTAINED, origin_host=MME.encode(), origin_realm=EPC.encode())
    nor = s6a_request(
        NotifyRequest(), 6,
        destination_host=HSS.encode(),
        user_name=IMSI,
        terminal_information=terminal_information(),
        nor_flags=0x0000_0100,  # S6a/S6d-Indicator
    )
    noa = s6a_answer(nor, result_code=SUCCESS)
    return {
        "s6a_air": air, "s6a_aia": aia,
        "s6a_air_resync": air_resync, "s6a_aia_user_unknown": aia_unknown,
        "s6a_ulr": ulr, "s6a_ula": ula,
        "s6a_pur": pur, "s6a_pua": pua,
        "s6a_clr": clr, "s6a_cla": cla,
        "s6a_nor": nor, "s6a_noa": noa,
    }


# --- S13 (TS 29.272 §7.2.19) -------------------------------------------------------------------


def s13() -> dict[str, Message]:
    ecr = ids(MeIdentityCheckRequest(), 0x0000_0201, 0x5A00_0201, APP_3GPP_S13_S13)
    put(
        ecr,
        session_id=f"{MME};1700000001;201",
        vendor_specific_application_id=S13,
        auth_session_state=NO_STATE_MAINTAINED,
        origin_host=MME.encode(),
        origin_realm=EPC.encode(),
        destination_realm=EPC.encode(),
        terminal_information=terminal_information(),
        user_name=IMSI,
    )
    eca = ecr.to_answer()
    put(eca, session_id=ecr.session_id, result_code=SUCCESS,
        auth_session_state=NO_STATE_MAINTAINED, origin_host=EIR.encode(), origin_realm=EPC.encode(),
        equipment_status=0)  # WHITELISTED
    return {"s13_ecr": ecr, "s13_eca": eca}


# --- Cx (TS 29.228 / TS 29.229) ----------------------------------------------------------------


def cx_request(msg: Message, n: int, origin: str, **attrs) -> Message:
    ids(msg, 0x0000_0300 + n, 0x5A00_0300 + n, APP_3GPP_CX)
    return put(
        msg,
        session_id=f"{origin};1700000003;{n}",
        vendor_specific_application_id=CX,
        auth_session_state=NO_STATE_MAINTAINED,
        origin_host=origin.encode(),
        origin_realm=IMS.encode(),
        destination_realm=IMS.encode(),
        **attrs,
    )


def cx_answer(req: Message, **attrs) -> Message:
    ans = req.to_answer()
    return put(
        ans,
        session_id=session_id(req),
        vendor_specific_application_id=CX,
        auth_session_state=NO_STATE_MAINTAINED,
        origin_host=HSS_IMS.encode(),
        origin_realm=IMS.encode(),
        **attrs,
    )


def cx() -> dict[str, Message]:
    uar = cx_request(
        UserAuthorizationRequest(), 1, ICSCF,
        user_name=IMPI,
        public_identity=IMPU,
        visited_network_identifier=IMS.encode(),
        user_authorization_type=0,  # REGISTRATION
    )
    uaa = cx_answer(
        uar,
        experimental_result=ExperimentalResult(vendor_id=VENDOR_TGPP,
                                               experimental_result_code=2001),  # FIRST_REGISTRATION
        server_capabilities=ServerCapabilities(mandatory_capability=[1], optional_capability=[2]),
    )

    mar = cx_request(
        MultimediaAuthRequest(), 2, SCSCF,
        destination_host=HSS_IMS.encode(),
        user_name=IMPI,
        public_identity=IMPU,
        server_name=SERVER_NAME,
    )
    # The class's sip_auth_data_item / sip_number_auth_items are RFC 4740's 376/382; Cx uses
    # the 3GPP 612/607 (TS 29.229 §6.3.13, §6.3.14).
    mar.append_avp(Avp.new(AVP_TGPP_3GPP_SIP_AUTH_DATA_ITEM, VENDOR_TGPP, value=[
        Avp.new(AVP_TGPP_3GPP_SIP_AUTHENTICATION_SCHEME, VENDOR_TGPP, value="Digest-AKAv1-MD5"),
    ]))
    mar.append_avp(Avp.new(AVP_TGPP_3GPP_SIP_NUMBER_AUTH_ITEMS, VENDOR_TGPP, value=1))
    maa = cx_answer(mar, result_code=SUCCESS, public_identity=IMPU)
    maa.append_avp(Avp.new(AVP_USER_NAME, value=IMPI))  # not an attribute of the class
    maa.append_avp(Avp.new(AVP_TGPP_3GPP_SIP_NUMBER_AUTH_ITEMS, VENDOR_TGPP, value=1))
    maa.append_avp(Avp.new(AVP_TGPP_3GPP_SIP_AUTH_DATA_ITEM, VENDOR_TGPP, value=[
        Avp.new(AVP_TGPP_3GPP_SIP_ITEM_NUMBER, VENDOR_TGPP, value=1),
        Avp.new(AVP_TGPP_3GPP_SIP_AUTHENTICATION_SCHEME, VENDOR_TGPP, value="Digest-AKAv1-MD5"),
        # RAND || AUTN, then XRES, CK, IK (TS 29.229 §6.3.16)
        Avp.new(AVP_TGPP_3GPP_SIP_AUTHENTICATE, VENDOR_TGPP,
                value=material("ims-rand", 16) + material("ims-autn", 16)),
        Avp.new(AVP_TGPP_3GPP_SIP_AUTHORIZATION, VENDOR_TGPP, value=material("ims-xres", 8)),
        Avp.new(AVP_TGPP_CONFIDENTIALITY_KEY, VENDOR_TGPP, value=material("ims-ck", 16)),
        Avp.new(AVP_TGPP_INTEGRITY_KEY, VENDOR_TGPP, value=material("ims-ik", 16)),
    ]))

    sar = cx_request(
        ServerAssignmentRequest(), 3, SCSCF,
        destination_host=HSS_IMS.encode(),
        user_name=IMPI,
        public_identity=IMPU,
        server_name=SERVER_NAME,
        server_assignment_type=1,  # REGISTRATION
        user_data_already_available=0,  # USER_DATA_NOT_AVAILABLE
    )
    user_data = (
        '<?xml version="1.0" encoding="UTF-8"?><IMSSubscription>'
        f"<PrivateID>{IMPI}</PrivateID><ServiceProfile><PublicIdentity>"
        f"<Identity>{IMPU}</Identity></PublicIdentity></ServiceProfile></IMSSubscription>"
    )
    saa = cx_answer(sar, result_code=SUCCESS, user_data=user_data.encode(), server_name=SERVER_NAME)
    saa.append_avp(Avp.new(AVP_USER_NAME, value=IMPI))  # not an attribute of the class

    lir = cx_request(LocationInfoRequest(), 4, ICSCF, public_identity=IMPU)
    # Not an attribute of LocationInfoRequest in 0.9.0: generic AVP.
    lir.append_avp(Avp.new(AVP_TGPP_USER_AUTHORIZATION_TYPE, VENDOR_TGPP, value=0))
    lia = cx_answer(lir, result_code=SUCCESS, server_name=SERVER_NAME)
    return {
        "cx_uar": uar, "cx_uaa": uaa,
        "cx_mar": mar, "cx_maa": maa,
        "cx_sar": sar, "cx_saa": saa,
        "cx_lir": lir, "cx_lia": lia,
    }


# --- Sh (TS 29.328 / TS 29.329) ----------------------------------------------------------------


def sh() -> dict[str, Message]:
    udr = ids(UserDataRequest(), 0x0000_0401, 0x5A00_0401, APP_3GPP_SH)
    put(
        udr,
        session_id=f"{AS};1700000004;1",
        vendor_specific_application_id=SH,
        auth_session_state=NO_STATE_MAINTAINED,
        origin_host=AS.encode(),
        origin_realm=IMS.encode(),
        destination_realm=IMS.encode(),
        user_identity=UserIdentity(public_identity=IMPU),
        service_indication=[b"IMS-MMTEL"],
        data_reference=[0],  # RepositoryData
    )
    uda = udr.to_answer()
    put(uda, session_id=udr.session_id, vendor_specific_application_id=SH, result_code=SUCCESS,
        auth_session_state=NO_STATE_MAINTAINED, origin_host=HSS_IMS.encode(),
        origin_realm=IMS.encode())
    sh_data = (
        '<?xml version="1.0" encoding="UTF-8"?><Sh-Data><RepositoryData>'
        "<ServiceIndication>IMS-MMTEL</ServiceIndication><SequenceNumber>1</SequenceNumber>"
        "<ServiceData><simservs/></ServiceData></RepositoryData></Sh-Data>"
    )
    # UserDataAnswer.user_data is Cx User-Data (606) in 0.9.0; Sh-User-Data is 702.
    uda.append_avp(Avp.new(AVP_TGPP_SH_USER_DATA, VENDOR_TGPP, value=sh_data.encode()))
    return {"sh_udr": udr, "sh_uda": uda}


# --- output -------------------------------------------------------------------------------------


def as_hex(data: bytes) -> str:
    lines = [data[i:i + 32].hex() for i in range(0, len(data), 32)]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv[1:]
    installed = importlib.metadata.version("python-diameter")
    if installed != PACKAGE_VERSION:
        print(f"python-diameter {installed} installed; these fixtures are made with "
              f"{PACKAGE_VERSION}", file=sys.stderr)
        return 2

    messages: dict[str, Message] = {}
    for part in (base(), s6a(), s13(), cx(), sh()):
        messages.update(part)

    stale = []
    OUT.mkdir(exist_ok=True)
    for name, msg in messages.items():
        data = encode(msg)
        # The package must read back what it wrote, byte for byte.
        again = Message.from_bytes(data, plain_msg=True)
        assert again.header.length == len(data), name
        text = as_hex(data)
        path = OUT / f"{name}.hex"
        if check:
            if not path.exists() or path.read_text() != text:
                stale.append(name)
        else:
            path.write_text(text)
    if check:
        if stale:
            print(f"fixtures differ from the generator: {', '.join(stale)}", file=sys.stderr)
            return 1
        print(f"{len(messages)} fixtures match")
    else:
        print(f"wrote {len(messages)} fixtures to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
