//! Descriptors kept for the store: the connection cap is held below the process's
//! descriptor limit less a reserve.
//!
//! Every connection is a descriptor. Without a cap below `RLIMIT_NOFILE`, a flood of
//! connections takes the last free descriptors, RocksDB's next flush or compaction fails to open
//! a file (`EMFILE`), the database turns read-only and every synced write fails until a
//! restart. At start the soft limit is read (from `/proc/self/limits`: the process's own limits,
//! without a system call wrapper) and [`IoConfig::max_connections`] lowered to the limit less
//! [`IoConfig::fd_reserve`].
//!
//! [`IoConfig::max_connections`]: super::IoConfig::max_connections
//! [`IoConfig::fd_reserve`]: super::IoConfig::fd_reserve

/// The soft `RLIMIT_NOFILE` of this process, `None` when unlimited or unreadable.
pub(crate) fn soft_nofile_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    parse_soft_nofile(&limits)
}

/// The soft limit on the "Max open files" line of a `/proc/<pid>/limits` text.
fn parse_soft_nofile(limits: &str) -> Option<u64> {
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line["Max open files".len()..].split_whitespace().next()?.parse().ok()
}

/// The connection cap for `configured` connections under a soft descriptor limit of `soft`
/// with `reserve` descriptors kept free, and the reserve actually kept: the reserve is cut to
/// half the limit when the limit is smaller than twice it, so that a low limit (1024 is a
/// common default) still leaves room for connections.
pub(crate) fn connection_cap(
    configured: usize,
    soft: Option<u64>,
    reserve: usize,
) -> (usize, usize) {
    let Some(soft) = soft else { return (configured, reserve) };
    let soft = usize::try_from(soft).unwrap_or(usize::MAX);
    let reserve = reserve.min(soft / 2);
    (configured.min(soft - reserve), reserve)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
Limit                     Soft Limit           Hard Limit           Units     
Max cpu time              unlimited            unlimited            seconds   
Max open files            1024                 524288               files     
Max locked memory         8388608              8388608              bytes     
";

    #[test]
    fn reads_the_soft_limit() {
        assert_eq!(parse_soft_nofile(SAMPLE), Some(1024));
        assert_eq!(parse_soft_nofile(&SAMPLE.replace("1024 ", "unlimited ")), None);
        assert_eq!(parse_soft_nofile("nothing here"), None);
        assert!(soft_nofile_limit().is_some_and(|n| n > 0), "this process has a limit");
    }

    #[test]
    fn the_cap_leaves_the_reserve() {
        assert_eq!(connection_cap(4096, Some(65536), 1024), (4096, 1024));
        assert_eq!(connection_cap(4096, Some(4096), 1024), (3072, 1024));
        assert_eq!(connection_cap(4096, Some(1024), 1024), (512, 512), "half of a low limit");
        assert_eq!(connection_cap(4096, Some(0), 1024), (0, 0));
        assert_eq!(connection_cap(4096, None, 1024), (4096, 1024), "unlimited");
    }
}
