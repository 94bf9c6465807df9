//! Which language the shell's own words (notifications, the tray) are in: the one chosen in Settings, or else the
//! system's, as the window does.

use switchyard_core::Core;

pub async fn chinese(core: &Core) -> bool {
    match core.get_settings().await.ok().and_then(|s| s.language) {
        Some(language) => language.starts_with("zh"),
        None => system_is_chinese(|name| std::env::var(name).ok()),
    }
}

/// POSIX order: the first of these that is set and not empty names the language of messages.
fn system_is_chinese(var: impl Fn(&str) -> Option<String>) -> bool {
    ["LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| var(name).filter(|v| !v.is_empty()))
        .next()
        .is_some_and(|v| v.starts_with("zh"))
}

#[cfg(test)]
mod tests {
    use super::system_is_chinese;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
    }

    #[test]
    fn the_first_set_locale_variable_decides() {
        assert!(system_is_chinese(env(&[("LANG", "zh_CN.UTF-8")])));
        assert!(!system_is_chinese(env(&[("LANG", "en_US.UTF-8")])));
        assert!(!system_is_chinese(env(&[("LANGUAGE", "en"), ("LANG", "zh_CN.UTF-8")])));
        assert!(system_is_chinese(env(&[("LANGUAGE", ""), ("LC_ALL", "zh_TW.UTF-8"), ("LANG", "C")])));
        assert!(!system_is_chinese(env(&[])));
    }
}
