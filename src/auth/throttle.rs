//! Slowing credential guessing: failed attempts (a token request with a wrong client
//! secret, an inbox sign-in with an unknown agent token) are counted per client address
//! and per account, and a client over the limit is refused until its failures age out.
//! Plain bookkeeping over instants, without HTTP: the server asks [`Throttle::check`]
//! before it checks credentials and reports each failure with [`Throttle::failed`].
//!
//! The policy: at most [`ThrottlePolicy::failures`] failures within a sliding
//! [`ThrottlePolicy::window`], then refused until the oldest of them is a window old.
//!
//! - **Per address.** An address over the limit is refused whatever it sends, right
//!   credentials included: otherwise the refusal would itself say when a guess was right.
//!   IPv6 addresses count per /64, the block one client usually holds.
//! - **Per account** (an OAuth client id; the inbox's form names none). A client id over
//!   the limit, from any number of addresses, refuses only the addresses that have failed
//!   themselves within the window. An address with no failure (the real Fin) is never
//!   refused on account of strangers' guesses, so nobody can lock Fin out by naming its
//!   id; a guesser spread over many addresses gets one try per address per window.
//!
//! Counts live in this process: with several replicas each keeps its own, so a guesser
//! spread over them gets the limit once per replica (sharing them through the database
//! would add a write per failure, which is what a flood sends). The table is bounded:
//! when it is full of live entries a new address is not recorded (it goes unthrottled)
//! rather than evicting one that is (which would forgive it), and never refusing anyone
//! who has not failed.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The most addresses and accounts tracked at once.
const MAX_KEYS: usize = 100_000;

/// How many failures are allowed within how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures allowed within the window; 0 turns throttling off.
    pub failures: u32,
    /// The sliding window they are counted over.
    pub window: Duration,
}

impl Default for ThrottlePolicy {
    /// 10 failures per 5 minutes: far more than a person mistyping or a client with a
    /// stale secret needs, and under 3,000 guesses a day from one address.
    fn default() -> Self {
        ThrottlePolicy {
            failures: 10,
            window: Duration::from_secs(300),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Address(IpAddr),
    Account(String),
}

/// Failed attempts by address and by account, for one endpoint.
#[derive(Debug)]
pub struct Throttle {
    policy: ThrottlePolicy,
    /// The instants of each key's latest failures, oldest first, at most `failures` kept.
    failures: Mutex<HashMap<Key, VecDeque<Instant>>>,
}

/// The key an address counts under: IPv4 as it is (an IPv4-mapped IPv6 address too),
/// IPv6 by its /64.
fn address_key(address: IpAddr) -> Key {
    match address {
        IpAddr::V4(v4) => Key::Address(IpAddr::V4(v4)),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => Key::Address(IpAddr::V4(v4)),
            None => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                Key::Address(IpAddr::V6(prefix.into()))
            }
        },
    }
}

impl Throttle {
    pub fn new(policy: ThrottlePolicy) -> Self {
        Throttle {
            policy,
            failures: Mutex::new(HashMap::new()),
        }
    }

    pub fn policy(&self) -> ThrottlePolicy {
        self.policy
    }

    /// `Ok` if an attempt from `address` (naming `account`, if any) may be checked now;
    /// otherwise how long until it may.
    pub fn check(
        &self,
        address: IpAddr,
        account: Option<&str>,
        now: Instant,
    ) -> Result<(), Duration> {
        if self.policy.failures == 0 {
            return Ok(());
        }
        let table = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        let from_address = self.recent(table.get(&address_key(address)), now);
        if let Some(until) = self.blocked_until(&from_address) {
            return Err(until.saturating_duration_since(now));
        }
        let Some(&last_from_address) = from_address.last() else {
            return Ok(());
        };
        let on_account = account.map(|account| Key::Account(account.to_string()));
        let on_account = self.recent(on_account.and_then(|key| table.get(&key)), now);
        match self.blocked_until(&on_account) {
            // The address is refused until its own failures age out or the account's
            // drop below the limit, whichever comes first.
            Some(until) => Err(until
                .min(last_from_address + self.policy.window)
                .saturating_duration_since(now)),
            None => Ok(()),
        }
    }

    /// Records a failed attempt from `address`, naming `account` when it is one worth
    /// counting (an existing client: counting every made-up id would let a flood fill the
    /// table). Returns whether this failure brought the address to the limit, so the
    /// caller can say so once rather than at every refusal that follows.
    pub fn failed(&self, address: IpAddr, account: Option<&str>, now: Instant) -> bool {
        if self.policy.failures == 0 {
            return false;
        }
        let mut table = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        let keys = std::iter::once(address_key(address))
            .chain(account.map(|account| Key::Account(account.to_string())));
        for key in keys {
            if !table.contains_key(&key) && table.len() >= MAX_KEYS {
                let window = self.policy.window;
                table.retain(|_, times| times.back().is_some_and(|last| *last + window > now));
                if table.len() >= MAX_KEYS {
                    continue;
                }
            }
            let times = table.entry(key).or_default();
            if times.len() >= self.policy.failures as usize {
                times.pop_front();
            }
            times.push_back(now);
        }
        let from_address = self.recent(table.get(&address_key(address)), now);
        from_address.len() == self.policy.failures as usize
    }

    /// A key's failures within the window, oldest first.
    fn recent(&self, times: Option<&VecDeque<Instant>>, now: Instant) -> Vec<Instant> {
        times
            .into_iter()
            .flatten()
            .copied()
            .filter(|at| *at + self.policy.window > now)
            .collect()
    }

    /// When a key with these recent failures may try again, if it is over the limit.
    fn blocked_until(&self, recent: &[Instant]) -> Option<Instant> {
        (recent.len() >= self.policy.failures as usize)
            .then(|| recent.first().map(|oldest| *oldest + self.policy.window))
            .flatten()
    }
}

/// Whole seconds to send in `Retry-After`: rounded up, at least one.
pub fn retry_after_secs(wait: Duration) -> u64 {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    secs.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIN: &str = "127.0.0.1";
    const STRANGER: &str = "192.0.2.7";

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn throttle(failures: u32) -> Throttle {
        Throttle::new(ThrottlePolicy {
            failures,
            window: Duration::from_secs(60),
        })
    }

    #[test]
    fn an_address_is_refused_after_the_limit_until_its_oldest_failure_ages_out() {
        let t = throttle(3);
        let start = Instant::now();
        for i in 0..3 {
            let at = start + Duration::from_secs(i);
            assert_eq!(t.check(ip(STRANGER), None, at), Ok(()), "attempt {i}");
            assert_eq!(t.failed(ip(STRANGER), None, at), i == 2, "attempt {i}");
        }
        let later = start + Duration::from_secs(10);
        assert_eq!(
            t.check(ip(STRANGER), None, later),
            Err(Duration::from_secs(50))
        );
        // Other addresses are not affected.
        assert_eq!(t.check(ip(FIN), None, later), Ok(()));
        // Once the first failure is a window old, one more attempt is allowed.
        let after = start + Duration::from_secs(60);
        assert_eq!(t.check(ip(STRANGER), None, after), Ok(()));
        t.failed(ip(STRANGER), None, after);
        assert_eq!(
            t.check(ip(STRANGER), None, after),
            Err(Duration::from_secs(1))
        );
    }

    #[test]
    fn guessing_an_account_from_elsewhere_never_refuses_a_clean_address() {
        let t = throttle(3);
        let now = Instant::now();
        for i in 1..=5u8 {
            let stranger = IpAddr::from([192, 0, 2, i]);
            t.failed(stranger, Some("fin"), now);
        }
        // Fin's own address has not failed: it gets through.
        assert_eq!(t.check(ip(FIN), Some("fin"), now), Ok(()));
        // A stranger that failed once is refused for that account, not for another.
        let stranger = IpAddr::from([192, 0, 2, 1]);
        assert_eq!(
            t.check(stranger, Some("fin"), now),
            Err(Duration::from_secs(60))
        );
        assert_eq!(t.check(stranger, Some("other"), now), Ok(()));
        assert_eq!(t.check(stranger, None, now), Ok(()));
    }

    #[test]
    fn ipv6_counts_per_64_and_mapped_ipv4_as_ipv4() {
        let t = throttle(2);
        let now = Instant::now();
        t.failed(ip("2001:db8:1:2::1"), None, now);
        t.failed(ip("2001:db8:1:2:ffff::9"), None, now);
        assert!(t.check(ip("2001:db8:1:2::42"), None, now).is_err());
        assert_eq!(t.check(ip("2001:db8:1:3::1"), None, now), Ok(()));
        t.failed(ip("::ffff:192.0.2.7"), None, now);
        t.failed(ip(STRANGER), None, now);
        assert!(t.check(ip(STRANGER), None, now).is_err());
    }

    #[test]
    fn zero_failures_turns_it_off() {
        let t = throttle(0);
        let now = Instant::now();
        for _ in 0..100 {
            t.failed(ip(STRANGER), Some("fin"), now);
        }
        assert_eq!(t.check(ip(STRANGER), Some("fin"), now), Ok(()));
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(1500)), 2);
        assert_eq!(retry_after_secs(Duration::from_secs(60)), 60);
    }
}
