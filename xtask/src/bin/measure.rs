//! `measure PROGRAM ARGS...`: runs the program (its output discarded) and prints its wall time in
//! nanoseconds and its peak resident memory in KiB, or its error output when it fails. The
//! measurements of `cargo xtask bench` go through it.
//!
//! A program of its own, and a small one: a child's peak resident memory (`ru_maxrss`) starts at
//! what its parent held when it was spawned (the spawned process is the parent's copy until it
//! executes the program), so the parent must hold little: this one holds about 1 MiB, the bench
//! many times that.

use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

fn main() -> ExitCode {
    let command: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    match measure(&command) {
        Ok((nanos, peak_kib)) => {
            println!("{nanos} {peak_kib}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the command and returns its wall time (ns) and peak memory (KiB): `wait4`'s `ru_maxrss`,
/// which counts this child alone.
fn measure(command: &[std::ffi::OsString]) -> Result<(u128, i64), String> {
    let (program, args) = command
        .split_first()
        .ok_or_else(|| "usage: measure PROGRAM ARGS...".to_owned())?;
    let mut command = Command::new(program);
    command
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|err| format!("{command:?}: {err}"))?;
    // Read while the program runs: one that writes more than a pipe holds would otherwise wait
    // for a reader forever.
    let stderr = child.stderr.take().map(|mut pipe| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut pipe, &mut text);
            text
        })
    });
    let mut status = 0;
    // SAFETY: `rusage` is plain data that `wait4` fills in; a zeroed one is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = libc::pid_t::try_from(child.id()).map_err(|err| err.to_string())?;
    // SAFETY: `pid` is our own child, not yet waited for; both out-pointers are valid.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    if reaped != pid {
        return Err(format!(
            "{command:?}: wait4 failed: {}",
            std::io::Error::last_os_error()
        ));
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let stderr = stderr
            .and_then(|reader| reader.join().ok())
            .unwrap_or_default();
        return Err(format!("wait status {status}: {}", stderr.trim()));
    }
    Ok((wall.as_nanos(), usage.ru_maxrss))
}
