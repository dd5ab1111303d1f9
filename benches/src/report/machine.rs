//! The machine the report describes, read from `/proc` where the report is generated (the
//! matrix script generates it right after the runs, on the same machine).

use std::fs;

/// What the report says about the machine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Machine {
    /// CPU model name (`/proc/cpuinfo`).
    pub cpu: String,
    /// Logical CPUs.
    pub cpus: usize,
    /// The CPU flags that matter to the AuC: `aes`, `sha_ni`, `avx2`.
    pub flags: Vec<&'static str>,
    /// Total memory, KiB (`/proc/meminfo`).
    pub memory_kib: u64,
    /// Operating system (`/etc/os-release`).
    pub os: String,
}

impl Machine {
    /// Reads this machine's description; a file that cannot be read leaves its fields empty.
    pub fn read() -> Self {
        let read = |path| fs::read_to_string(path).unwrap_or_default();
        let mut machine = parse_cpuinfo(&read("/proc/cpuinfo"));
        machine.memory_kib = parse_meminfo(&read("/proc/meminfo"));
        machine.os = parse_os_release(&read("/etc/os-release"));
        machine
    }

    /// One line: `2 × AMD EPYC 7B13 (aes, sha_ni), 23.5 GiB, Debian GNU/Linux 12`.
    pub fn describe(&self) -> String {
        let mut out =
            format!("{} × {}", self.cpus, if self.cpu.is_empty() { "?" } else { &self.cpu });
        if !self.flags.is_empty() {
            out.push_str(&format!(" ({})", self.flags.join(", ")));
        }
        if self.memory_kib > 0 {
            out.push_str(&format!(", {:.1} GiB", self.memory_kib as f64 / (1024.0 * 1024.0)));
        }
        if !self.os.is_empty() {
            out.push_str(&format!(", {}", self.os));
        }
        out
    }
}

/// CPU model, count and the flags of interest from `/proc/cpuinfo`.
pub fn parse_cpuinfo(text: &str) -> Machine {
    let field = |line: &str, name: &str| {
        let (key, value) = line.split_once(':')?;
        (key.trim() == name).then(|| value.trim().to_owned())
    };
    let mut machine = Machine::default();
    for line in text.lines() {
        if field(line, "processor").is_some() {
            machine.cpus += 1;
        } else if let Some(model) = field(line, "model name") {
            if machine.cpu.is_empty() {
                machine.cpu = model;
            }
        } else if let Some(flags) = field(line, "flags")
            && machine.flags.is_empty()
        {
            let have: Vec<&str> = flags.split_whitespace().collect();
            machine.flags =
                ["aes", "sha_ni", "avx2"].into_iter().filter(|f| have.contains(f)).collect();
        }
    }
    machine
}

/// `MemTotal` from `/proc/meminfo`, KiB.
pub fn parse_meminfo(text: &str) -> u64 {
    text.lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// `PRETTY_NAME` from `/etc/os-release`.
pub fn parse_os_release(text: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .map(|v| v.trim_matches('"').to_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_proc_files() {
        let cpuinfo = "processor\t: 0\nmodel name\t: AMD EPYC 7B13\nflags\t\t: fpu sse2 aes avx2 \
                       sha_ni\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 7B13\nflags\t\t: aes\n";
        let mut m = parse_cpuinfo(cpuinfo);
        assert_eq!(m.cpus, 2);
        assert_eq!(m.cpu, "AMD EPYC 7B13");
        assert_eq!(m.flags, ["aes", "sha_ni", "avx2"]);
        m.memory_kib = parse_meminfo("MemTotal:       24683656 kB\nMemFree: 1 kB\n");
        assert_eq!(m.memory_kib, 24_683_656);
        m.os =
            parse_os_release("NAME=\"Debian\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        assert_eq!(
            m.describe(),
            "2 × AMD EPYC 7B13 (aes, sha_ni, avx2), 23.5 GiB, Debian GNU/Linux 12 (bookworm)"
        );
    }
}
