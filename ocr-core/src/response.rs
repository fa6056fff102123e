//! The recognition response and its vendor wire format.
//!
//! The vendor sends coordinates as strings (`"526"`), `polygon` may be
//! `null`, and other deployments send plain numbers. [`OcrResponse::from_json`]
//! accepts strings and numbers, integer or decimal, and names the field path
//! of anything it cannot read (`data[3].polygon[1].x`).

use serde_json::{Map, Value, json};

use crate::geometry::{ItemBox, Point, Quad};
use crate::line::TextLine;

/// `status` of a successful response.
const STATUS_OK: i64 = 200;

/// A recognition result: the lines plus the API's bookkeeping fields.
///
/// # Examples
///
/// ```
/// use ocr_core::OcrResponse;
/// let body = br#"{"code":0,"status":200,"message":"success","serialNo":"1",
///   "data":[{"value":"AB","confidence":"99",
///            "polygon":[{"x":"1","y":2},{"x":3,"y":"2.5"},{"x":3,"y":4},{"x":1,"y":4}]}]}"#;
/// let r = OcrResponse::from_json(body).unwrap();
/// assert_eq!(r.lines[0].polygon.unwrap().points[1].y, 2.5);
/// assert_eq!(r.serial_no.as_deref(), Some("1"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct OcrResponse {
    /// `status`: 200 on success, anything else is a business error.
    pub status: i64,
    /// `code`: the business code (0 on success in the vendor's example).
    pub code: i64,
    /// `message`: `success`, or the error text.
    pub message: String,
    /// `serialNo`: the call's log id, for support tickets.
    pub serial_no: Option<String>,
    /// `data`: the recognized lines, in the engine's order.
    pub lines: Vec<TextLine>,
    /// Time the engine spent per stage, when it reports it (the local
    /// engine does; the vendor's JSON has no such field, so it is never
    /// serialized). For metrics and benchmarks.
    #[serde(skip)]
    pub stage_times: Vec<StageTime>,
}

/// The largest response document the file readers accept (32 MiB): a card
/// response is ~10 KB and a dense page ~1 MB, so anything larger is a
/// mistake or an attack, refused before it is read whole.
pub const MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;

/// Time spent in one named stage of a call (`decode`, `detect`, `recognize`, `parse`, …).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StageTime {
    /// The stage's name: a fixed identifier, usable as a metrics label.
    pub stage: &'static str,
    /// How long it took.
    pub duration: std::time::Duration,
}

/// Why a response body could not be read: the JSON path and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct ResponseFormatError {
    /// Where in the body, e.g. `data[3].polygon[1].x` (`$` for the root).
    pub path: String,
    /// What was wrong there.
    pub reason: String,
}

impl ResponseFormatError {
    fn new(path: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            reason: reason.into(),
        }
    }
}

impl OcrResponse {
    /// A successful response holding `lines`.
    pub fn success(lines: Vec<TextLine>) -> Self {
        Self {
            status: STATUS_OK,
            code: 0,
            message: "success".into(),
            serial_no: None,
            lines,
            stage_times: Vec::new(),
        }
    }

    /// Whether `status` is 200.
    pub fn is_success(&self) -> bool {
        self.status == STATUS_OK
    }

    /// Decodes a body in the vendor's format.
    ///
    /// A body whose `status` is not 200 decodes too (with no lines): the
    /// caller decides whether that is an error. A success without `data` is
    /// an error.
    pub fn from_json(body: &[u8]) -> Result<Self, ResponseFormatError> {
        // a UTF-8 byte order mark (files saved by some editors) is not part of the JSON
        let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        let value: Value =
            serde_json::from_slice(body).map_err(|e| ResponseFormatError::new("$", format!("not JSON: {e}")))?;
        Self::from_value(&value)
    }

    /// Decodes an already-parsed JSON value in the vendor's format.
    pub fn from_value(value: &Value) -> Result<Self, ResponseFormatError> {
        let obj = value
            .as_object()
            .ok_or_else(|| ResponseFormatError::new("$", format!("expected an object, found {}", kind(value))))?;
        let status = match obj.get("status") {
            Some(v) => integer(v).map_err(|r| ResponseFormatError::new("status", r))?,
            None => return Err(ResponseFormatError::new("status", "missing")),
        };
        let code = match obj.get("code") {
            Some(Value::Null) | None => 0,
            Some(v) => integer(v).map_err(|r| ResponseFormatError::new("code", r))?,
        };
        let message = match obj.get("message") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => {
                return Err(ResponseFormatError::new(
                    "message",
                    format!("expected a string, found {}", kind(other)),
                ));
            }
        };
        let serial_no = obj.get("serialNo").and_then(text_or_number);
        let lines = match obj.get("data") {
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| decode_line(item, &format!("data[{i}]")))
                .collect::<Result<Vec<_>, _>>()?,
            Some(Value::Null) | None if status != STATUS_OK => Vec::new(),
            Some(Value::Null) | None => {
                return Err(ResponseFormatError::new("data", "missing in a successful response"));
            }
            Some(other) => {
                return Err(ResponseFormatError::new(
                    "data",
                    format!("expected an array, found {}", kind(other)),
                ));
            }
        };
        Ok(Self {
            status,
            code,
            message,
            serial_no,
            lines,
            stage_times: Vec::new(),
        })
    }

    /// Encodes in the vendor's wire format: coordinates and confidence as the
    /// vendor sends them (coordinates as strings of whole pixels, confidence
    /// as an integer). Lines without an `item_box` get one derived from the
    /// polygon ([`Quad::item_box`]).
    ///
    /// ```
    /// use ocr_core::{OcrResponse, Quad, TextLine};
    /// let r = OcrResponse::success(vec![
    ///     TextLine::new("AB", 98.6).with_polygon(Quad::from_rect(1.0, 2.0, 30.0, 10.0)),
    /// ]);
    /// let v = r.to_vendor_json();
    /// assert_eq!(v["data"][0]["polygon"][2]["x"], "31");
    /// assert_eq!(v["data"][0]["confidence"], 99);
    /// assert_eq!(OcrResponse::from_value(&v).unwrap().lines[0].text, "AB");
    /// ```
    pub fn to_vendor_json(&self) -> Value {
        let mut obj = Map::new();
        obj.insert("code".into(), json!(self.code));
        obj.insert("status".into(), json!(self.status));
        obj.insert("message".into(), json!(self.message));
        if let Some(serial) = &self.serial_no {
            obj.insert("serialNo".into(), json!(serial));
        }
        if self.is_success() {
            let data: Vec<Value> = self.lines.iter().map(encode_line).collect();
            obj.insert("data".into(), Value::Array(data));
        }
        Value::Object(obj)
    }

    /// Scales every coordinate: x by `sx`, y by `sy` (used to map results on a
    /// downscaled upload back to the original image).
    pub fn scale_coordinates(&mut self, sx: f64, sy: f64) {
        for line in &mut self.lines {
            line.polygon = line.polygon.map(|q| q.scale(sx, sy));
            line.item_box = line.item_box.map(|b| b.scale(sx, sy));
        }
    }
}

fn whole(v: f64) -> String {
    format!("{}", v.round() as i64)
}

fn encode_line(line: &TextLine) -> Value {
    let polygon = match &line.polygon {
        Some(q) => Value::Array(
            q.points
                .iter()
                .map(|p| json!({"x": whole(p.x), "y": whole(p.y)}))
                .collect(),
        ),
        None => Value::Null,
    };
    let mut obj = Map::new();
    obj.insert("value".into(), json!(line.text));
    obj.insert("confidence".into(), json!(line.confidence.round() as i64));
    obj.insert("polygon".into(), polygon);
    if let Some(b) = line.item_box.or_else(|| line.polygon.map(|q| q.item_box())) {
        obj.insert(
            "itemPolygon".into(),
            json!({"x": whole(b.x), "y": whole(b.y), "width": whole(b.width), "height": whole(b.height)}),
        );
    }
    Value::Object(obj)
}

fn decode_line(item: &Value, path: &str) -> Result<TextLine, ResponseFormatError> {
    let obj = item
        .as_object()
        .ok_or_else(|| ResponseFormatError::new(path, format!("expected an object, found {}", kind(item))))?;
    let text = match obj.get("value") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Err(ResponseFormatError::new(
                format!("{path}.value"),
                format!("expected a string, found {}", kind(other)),
            ));
        }
    };
    let confidence = match obj.get("confidence") {
        Some(Value::Null) | None => 0.0,
        Some(v) => number(v).map_err(|r| ResponseFormatError::new(format!("{path}.confidence"), r))?,
    };
    let polygon = match obj.get("polygon") {
        Some(Value::Null) | None => None,
        Some(v) => Some(decode_quad(v, &format!("{path}.polygon"))?),
    };
    let item_box = match obj.get("itemPolygon") {
        Some(Value::Null) | None => None,
        Some(v) => Some(decode_item_box(v, &format!("{path}.itemPolygon"))?),
    };
    let mut line = TextLine::new(text, confidence as f32);
    line.polygon = polygon;
    line.item_box = item_box;
    Ok(line)
}

fn decode_quad(value: &Value, path: &str) -> Result<Quad, ResponseFormatError> {
    let items = value.as_array().ok_or_else(|| {
        ResponseFormatError::new(path, format!("expected an array of 4 points, found {}", kind(value)))
    })?;
    if items.len() != 4 {
        return Err(ResponseFormatError::new(
            path,
            format!("expected 4 points, found {}", items.len()),
        ));
    }
    let mut points = [Point::default(); 4];
    for (i, (slot, v)) in points.iter_mut().zip(items).enumerate() {
        let p = format!("{path}[{i}]");
        *slot = Point::new(field_number(v, "x", &p)?, field_number(v, "y", &p)?);
    }
    Ok(Quad::new(points))
}

fn decode_item_box(value: &Value, path: &str) -> Result<ItemBox, ResponseFormatError> {
    Ok(ItemBox {
        x: field_number(value, "x", path)?,
        y: field_number(value, "y", path)?,
        width: field_number(value, "width", path)?,
        height: field_number(value, "height", path)?,
    })
}

fn field_number(obj: &Value, key: &str, path: &str) -> Result<f64, ResponseFormatError> {
    let obj = obj
        .as_object()
        .ok_or_else(|| ResponseFormatError::new(path, format!("expected an object, found {}", kind(obj))))?;
    match obj.get(key) {
        Some(v) => number(v).map_err(|r| ResponseFormatError::new(format!("{path}.{key}"), r)),
        None => Err(ResponseFormatError::new(format!("{path}.{key}"), "missing")),
    }
}

/// A finite number given as a JSON number or a numeric string.
fn number(v: &Value) -> Result<f64, String> {
    let n = match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        other => return Err(format!("expected a number or numeric string, found {}", kind(other))),
    };
    match n {
        Some(n) if n.is_finite() => Ok(n),
        _ => Err(format!("not a finite number: {v}")),
    }
}

fn integer(v: &Value) -> Result<i64, String> {
    let n = number(v)?;
    if n.fract() != 0.0 || n.abs() > 9.0e15 {
        return Err(format!("expected an integer, found {v}"));
    }
    Ok(n as i64)
}

fn text_or_number(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            any::<f64>().prop_map(|n| json!(n)),
            "[0-9a-z.\\-]{0,6}".prop_map(Value::String),
            Just(json!("200")),
            Just(json!(200)),
        ];
        leaf.prop_recursive(4, 64, 6, |inner| {
            let keys = prop_oneof![
                Just("status".to_owned()),
                Just("code".to_owned()),
                Just("message".to_owned()),
                Just("serialNo".to_owned()),
                Just("data".to_owned()),
                Just("value".to_owned()),
                Just("confidence".to_owned()),
                Just("polygon".to_owned()),
                Just("itemPolygon".to_owned()),
                Just("x".to_owned()),
                Just("y".to_owned()),
                Just("width".to_owned()),
                Just("height".to_owned()),
                "[a-z]{1,3}",
            ];
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map(keys, inner, 0..8).prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn decoding_arbitrary_json_never_panics(v in arb_json()) {
            let _ = OcrResponse::from_value(&v);
        }

        #[test]
        fn decoding_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
            let _ = OcrResponse::from_json(&bytes);
        }

        #[test]
        fn vendor_encoding_round_trips_whole_pixel_coordinates(
            lines in prop::collection::vec(("[a-z0-9]{0,8}", 0u8..=100, prop::array::uniform8(-5000i32..5000)), 0..8)
        ) {
            let lines: Vec<TextLine> = lines.into_iter().map(|(t, c, xy)| {
                let p = |i: usize| Point::new(xy[2 * i] as f64, xy[2 * i + 1] as f64);
                TextLine::new(t, c as f32).with_polygon(Quad::new([p(0), p(1), p(2), p(3)]))
            }).collect();
            let r = OcrResponse::success(lines.clone());
            let back = OcrResponse::from_value(&r.to_vendor_json()).unwrap();
            prop_assert_eq!(back.lines.len(), lines.len());
            for (a, b) in back.lines.iter().zip(&lines) {
                prop_assert_eq!(&a.text, &b.text);
                prop_assert_eq!(a.confidence, b.confidence);
                prop_assert_eq!(a.polygon, b.polygon);
            }
        }
    }

    #[test]
    fn a_utf8_byte_order_mark_is_ignored() {
        let r = OcrResponse::from_json(b"\xEF\xBB\xBF{\"status\":200,\"data\":[]}").unwrap();
        assert!(r.is_success());
    }

    #[test]
    fn failure_body_decodes_without_data() {
        let r = OcrResponse::from_json(br#"{"serialNo":"3","message":"m","status":400,"code":5003}"#).unwrap();
        assert!(!r.is_success());
        assert_eq!(r.code, 5003);
        assert!(r.lines.is_empty());
        assert!(r.to_vendor_json().get("data").is_none());
    }

    #[test]
    fn non_finite_and_non_numeric_coordinates_name_the_path() {
        let e = OcrResponse::from_json(
            br#"{"status":200,"data":[{"itemPolygon":{"x":"1","y":"NaN","width":1,"height":1}}]}"#,
        )
        .unwrap_err();
        assert_eq!(e.path, "data[0].itemPolygon.y");
        let e =
            OcrResponse::from_json(br#"{"status":200,"data":[{"itemPolygon":{"x":true,"y":1,"width":1,"height":1}}]}"#)
                .unwrap_err();
        assert_eq!(e.path, "data[0].itemPolygon.x");
    }
}
