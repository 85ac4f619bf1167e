//! The listener as an attacker meets it: a client that sends half its headers or half its body
//! is cut off after the configured time while others are served, and the same-site check
//! compares `Origin` with the listener's own address, never with the `Host` header.

use crate::support::*;

/// A server on a free port with short read timeouts; killed when dropped.
struct Server {
    child: std::process::Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(envs: &[(&str, &str)]) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut cmd = bin();
    cmd.arg("--data-dir")
        .arg(dir.path())
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .env_remove("FAHRPLAN_BASE_URL")
        .env("FAHRPLAN_SERVER__HEADER_READ_TIMEOUT_SECS", "2")
        .env("FAHRPLAN_SERVER__BODY_READ_TIMEOUT_SECS", "2")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let child = cmd.spawn().unwrap();
    let server = Server {
        child,
        port,
        _dir: dir,
    };
    assert!(
        wait_for(port, "/readyz", "200 OK"),
        "server did not become ready"
    );
    server
}

/// Everything the server sends until it closes the connection, and how long that took.
fn read_until_closed(s: &mut TcpStream) -> (String, Duration) {
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let started = Instant::now();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    (
        String::from_utf8_lossy(&out).into_owned(),
        started.elapsed(),
    )
}

#[test]
fn a_client_that_sends_half_its_headers_is_cut_off_while_others_are_served() {
    let server = start(&[]);
    let mut slow = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    // While the slow client hangs, another is served at once.
    let page = http_get(server.port, "/healthz").unwrap();
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    let (answer, after) = read_until_closed(&mut slow);
    assert!(answer.is_empty(), "closed without an answer: {answer}");
    assert!(
        after < Duration::from_secs(10),
        "cut off after the header timeout, not minutes later: {after:?}"
    );
}

#[test]
fn a_body_shorter_than_its_length_ends_in_a_408_and_a_closed_connection() {
    let server = start(&[]);
    let mut slow = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    let origin = format!("http://127.0.0.1:{}", server.port);
    let head = format!(
        "POST /barrierefreiheit HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nOrigin: {origin}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\nmessage=Hal",
        server.port
    );
    slow.write_all(head.as_bytes()).unwrap();
    let page = http_get(server.port, "/healthz").unwrap();
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    let (answer, after) = read_until_closed(&mut slow);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.contains("Zeitüberschreitung"),
        "the page names the refusal"
    );
    assert!(after < Duration::from_secs(10), "{after:?}");
}

#[test]
fn only_so_many_connections_are_served_at_once_and_the_next_waits_its_turn() {
    let server = start(&[("FAHRPLAN_SERVER__MAX_CONNECTIONS", "2")]);
    // Two silent connections take both slots ...
    let held: Vec<TcpStream> = (0..2)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    // ... so a third is answered only once the header timeout has freed a slot.
    let started = Instant::now();
    let page = http_get(server.port, "/healthz").unwrap();
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(
        started.elapsed() >= Duration::from_millis(1000),
        "the third client waited for a slot: {:?}",
        started.elapsed()
    );
    drop(held);
}

fn post_from(port: u16, host: &str, origin: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let body = "token=x&message=Hallo";
    let req = format!(
        "POST /barrierefreiheit HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).unwrap();
    read_until_closed(&mut s).0
}

#[test]
fn the_origin_is_compared_with_the_listener_never_with_the_host_header() {
    let server = start(&[]);
    let port = server.port;
    let forged = post_from(port, "evil.example", "http://evil.example");
    assert!(forged.starts_with("HTTP/1.1 403"), "{forged}");
    assert!(forged.contains("<h1>Anfrage abgelehnt</h1>"), "{forged}");
    let wrong_scheme = post_from(
        port,
        &format!("127.0.0.1:{port}"),
        &format!("https://127.0.0.1:{port}"),
    );
    assert!(
        wrong_scheme.contains("<h1>Anfrage abgelehnt</h1>"),
        "{wrong_scheme}"
    );
    // From the site itself the origin passes; the made-up token is what is refused then.
    for own in [
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ] {
        let page = post_from(port, &format!("127.0.0.1:{port}"), &own);
        assert!(
            page.contains("<h1>Formular abgelaufen</h1>"),
            "{own}: {page}"
        );
    }
}

#[test]
fn with_a_base_url_set_only_its_origin_passes() {
    let server = start(&[("FAHRPLAN_BASE_URL", "https://strategie.example")]);
    let port = server.port;
    let local = post_from(
        port,
        &format!("127.0.0.1:{port}"),
        &format!("http://127.0.0.1:{port}"),
    );
    assert!(local.contains("<h1>Anfrage abgelehnt</h1>"), "{local}");
    let own = post_from(port, "strategie.example", "https://strategie.example");
    assert!(own.contains("<h1>Formular abgelaufen</h1>"), "{own}");
}
