//! The registration changes of each Server-Assignment-Type, without I/O.

use store::{ImsRegistration, RegistrationState as S};

use super::assign::{Change, apply};

const IMPI: &str = "alice@ims.example.org";
const SCSCF: &str = "sip:scscf1.ims.example.org";
const OTHER: &str = "sip:scscf2.ims.example.org";

fn run(r: &mut ImsRegistration, change: Change, sets: &[u8], server: &str) -> Result<(), u32> {
    apply(r, change, sets, IMPI, server, "scscf1.ims.example.org", "ims.example.org")
        .map_err(|c| c.0)
}

#[test]
fn registration_then_deregistration() {
    let mut r = ImsRegistration { pending_server_name: Some(SCSCF.into()), ..Default::default() };
    run(&mut r, Change::Register, &[0], SCSCF).expect("registers");
    assert_eq!(r.state(0), S::Registered);
    assert_eq!(r.server_name.as_deref(), Some(SCSCF));
    assert_eq!(r.pending_server_name, None);
    assert_eq!(r.registered_impis, vec![IMPI.to_owned()]);
    // Another S-CSCF may not deregister or serve the user unregistered.
    assert_eq!(run(&mut r, Change::Deregister { keep: false }, &[0], OTHER), Err(5012));
    assert_eq!(run(&mut r, Change::Unregistered, &[0], OTHER), Err(5012));
    assert_eq!(run(&mut r, Change::None, &[0], OTHER), Err(5012));
    run(&mut r, Change::None, &[0], SCSCF).expect("profile download");
    run(&mut r, Change::Deregister { keep: false }, &[0], SCSCF).expect("deregisters");
    assert_eq!(r, ImsRegistration::default());
}

#[test]
fn store_server_name_keeps_the_name() {
    let mut r = ImsRegistration::default();
    run(&mut r, Change::Register, &[0, 1], SCSCF).expect("registers");
    run(&mut r, Change::Deregister { keep: true }, &[0], SCSCF).expect("deregisters one set");
    assert_eq!((r.state(0), r.state(1)), (S::NotRegistered, S::Registered));
    run(&mut r, Change::Deregister { keep: true }, &[1], SCSCF).expect("deregisters");
    assert!(!r.any_assigned());
    assert_eq!(r.server_name.as_deref(), Some(SCSCF));
}

#[test]
fn unregistered_user_and_a_new_scscf() {
    let mut r = ImsRegistration::default();
    run(&mut r, Change::Unregistered, &[0], SCSCF).expect("unregistered services");
    assert_eq!(r.state(0), S::Unregistered);
    // A registration through another S-CSCF takes over.
    run(&mut r, Change::Register, &[0], OTHER).expect("registers elsewhere");
    assert_eq!((r.state(0), r.server_name.as_deref()), (S::Registered, Some(OTHER)));
    // UNREGISTERED_USER leaves a registered set registered.
    run(&mut r, Change::Unregistered, &[0], OTHER).expect("same S-CSCF");
    assert_eq!(r.state(0), S::Registered);
    r.pending_server_name = Some(SCSCF.into());
    run(&mut r, Change::AuthFailed, &[0], SCSCF).expect("auth failure");
    assert_eq!((r.state(0), r.pending_server_name.as_deref()), (S::Registered, None));
}
