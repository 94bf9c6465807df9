//! The webview never leaves the app: a navigation to anything but the app's own pages is refused, and a web or
//! mail link is handed to the system's browser or mail client instead.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Runtime, Url};
use tauri_plugin_opener::OpenerExt;

/// What the navigation should do.
#[derive(Debug, PartialEq, Eq)]
enum Decision {
    /// One of the app's own pages: the webview goes there.
    Stay,
    /// A web or mail link: the system opens it; the webview stays.
    OpenOutside,
    /// Anything else (a file, another scheme): refused.
    Refuse,
}

fn decide(url: &Url, dev_url: Option<&Url>) -> Decision {
    let own = match url.scheme() {
        "tauri" | "about" | "data" | "blob" => true,
        // Windows and Android serve the app from http(s)://tauri.localhost.
        "http" | "https" if url.host_str() == Some("tauri.localhost") => true,
        _ => dev_url.is_some_and(|dev| dev.origin() == url.origin()),
    };
    match (own, url.scheme()) {
        (true, _) => Decision::Stay,
        (false, "http" | "https" | "mailto") => Decision::OpenOutside,
        _ => Decision::Refuse,
    }
}

pub fn guard<R: Runtime>(dev_url: Option<Url>) -> TauriPlugin<R> {
    Builder::new("navigation-guard")
        .on_navigation(move |webview, url| match decide(url, dev_url.as_ref()) {
            Decision::Stay => true,
            Decision::OpenOutside => {
                if let Err(e) = webview.opener().open_url(url.as_str(), None::<&str>) {
                    tracing::warn!(error = %e, "the system could not open a link");
                }
                false
            }
            Decision::Refuse => {
                tracing::warn!(scheme = url.scheme(), "a navigation away from the app was refused");
                false
            }
        })
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn the_apps_pages_stay_links_go_outside_and_the_rest_is_refused() {
        let dev = url("http://localhost:5173");
        assert_eq!(decide(&url("tauri://localhost/index.html"), None), Decision::Stay);
        assert_eq!(decide(&url("http://tauri.localhost/"), None), Decision::Stay);
        assert_eq!(decide(&url("about:blank"), None), Decision::Stay);
        assert_eq!(decide(&url("http://localhost:5173/#/chat"), Some(&dev)), Decision::Stay);
        assert_eq!(decide(&url("http://localhost:5173/"), None), Decision::OpenOutside, "no dev server in a build");
        assert_eq!(decide(&url("http://localhost:8080/"), Some(&dev)), Decision::OpenOutside);
        assert_eq!(decide(&url("https://example.com/a?b=c"), Some(&dev)), Decision::OpenOutside);
        assert_eq!(decide(&url("mailto:someone@example.com"), None), Decision::OpenOutside);
        assert_eq!(decide(&url("file:///etc/passwd"), None), Decision::Refuse);
        assert_eq!(decide(&url("javascript:alert(1)"), None), Decision::Refuse);
        assert_eq!(decide(&url("ftp://example.com/"), None), Decision::Refuse);
    }
}
