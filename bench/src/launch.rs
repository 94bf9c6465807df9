//! Starting the proxies under test: the release gateway with a config file (the mock upstream as its one provider,
//! one access key, and whatever the scenario adds), and the bare hop (this binary in `bare-proxy` mode).

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const KEY: &str = "sy-bench-key-0123456789abcdef";

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn wait_for(port: u16) {
    for _ in 0..200 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("nothing listens on port {port}");
}

/// The gateway keeps its data in `dir/data` (the cache file is read from there); `extra_config` is TOML appended to
/// the file, e.g. a `[cache]` section.
pub fn start_gateway(binary: &str, upstream_port: u16, dir: &Path, extra_config: &str) -> (Child, u16) {
    let port = free_port();
    let config = dir.join("bench.toml");
    std::fs::write(
        &config,
        format!(
            "[[providers]]\nname = \"mock\"\nwire = \"openai\"\nbase_url = \"http://127.0.0.1:{upstream_port}/v1\"\nmodels = [\"bench\"]\n\n\
             [[access_keys]]\nname = \"bench\"\nkey_env = \"BENCH_KEY\"\nscopes = [\"chat\"]\n\n{extra_config}"
        ),
    )
    .unwrap();
    let child = Command::new(binary)
        .args(["serve", "--config"])
        .arg(&config)
        .args(["--port", &port.to_string()])
        .arg("--data-dir")
        .arg(dir.join("data"))
        .env("BENCH_KEY", KEY)
        .env("SWITCHYARD_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("start the gateway");
    wait_for(port);
    (child, port)
}

pub fn start_bare_proxy(upstream_port: u16) -> (Child, u16) {
    let port = free_port();
    let child = Command::new(std::env::current_exe().unwrap())
        .args(["bare-proxy", &upstream_port.to_string(), &port.to_string()])
        .spawn()
        .expect("start the bare proxy");
    wait_for(port);
    (child, port)
}
