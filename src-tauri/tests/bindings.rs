//! ui/src/bindings.ts is generated from the commands; this test fails when the committed file is stale.
//! Regenerate with `UPDATE_BINDINGS=1 cargo test -p switchyard --test bindings`.

use std::path::PathBuf;

use specta_typescript::Typescript;

fn exporter() -> Typescript {
    // i64 timestamps are exported as `number` field by field (#[specta(type = f64)] in core).
    Typescript::default().header("// @ts-nocheck\n/* eslint-disable */")
}

#[test]
fn committed_bindings_match_the_commands() {
    let committed_path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
    let fresh_dir = tempfile::tempdir().unwrap();
    let fresh_path = fresh_dir.path().join("bindings.ts");
    switchyard_app::specta_builder().export(exporter(), &fresh_path).expect("export bindings");
    let fresh = std::fs::read_to_string(&fresh_path).unwrap();
    if std::env::var("UPDATE_BINDINGS").as_deref() == Ok("1") {
        std::fs::write(&committed_path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p switchyard --test bindings` and commit it"
    );
}
