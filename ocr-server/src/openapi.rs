//! The OpenAPI description served at `/openapi.json`.

use serde_json::{Value, json};

/// The OpenAPI 3.0 document for a server whose OCR endpoint is at `ocr_path`.
pub fn document(ocr_path: &str) -> Value {
    let form = json!({
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "description": "Exactly one image; when several are given: imgUrl > file > imgBase64.",
                "properties": {
                    "file": {"type": "string", "format": "binary", "description": "the image file"},
                    "imgUrl": {"type": "string", "description": "a URL the server downloads the image from (only when enabled)"},
                    "imgBase64": {"type": "string", "description": "the image as a data URL: data:image/png;base64,..."}
                }
            }
        }
    });
    let failure = json!({
        "description": "failure in the vendor's format",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Failure"}}}
    });
    let failures = json!({
        "400": {"description": "business error: code 5003 empty image, 5004 undecodable image, 5005 imgUrl refused", "content": failure["content"].clone()},
        "401": failure.clone(),
        "413": failure.clone(),
        "500": failure.clone(),
        "503": {"description": "overloaded; retry after the Retry-After header", "content": failure["content"].clone()}
    });
    let mut ocr_responses = failures.clone();
    ocr_responses["200"] = json!({
        "description": "the recognized lines",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OcrSuccess"}}}
    });
    let mut licence_responses = failures.clone();
    licence_responses["200"] = json!({
        "description": "the business licence's fields (the `docstruct extract --form business-licence` keys), status, warnings and boxes",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/LicenceSuccess"}}}
    });
    let mut idcard_responses = failures;
    idcard_responses["200"] = json!({
        "description": "every ID card in the image: fields, place, quality and warnings",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IdCardSuccess"}}}
    });
    let point = json!({"type": "object", "properties": {"x": {"type": "string"}, "y": {"type": "string"}}});
    let nullable_string = json!({"type": "string", "nullable": true});
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "docstruct OCR server",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The General Text Recognition API (通用文本识别) served locally, plus ID-card extraction. Authorization: APPCODE <code> when the server has one."
        },
        "paths": {
            ocr_path: {"post": {"summary": "Recognize the text lines of an image", "requestBody": {"required": true, "content": form.clone()}, "responses": ocr_responses}},
            "/idcard": {"post": {"summary": "Read every Chinese resident ID card in an image (either side)", "requestBody": {"required": true, "content": form.clone()}, "responses": idcard_responses}},
            "/business-licence": {"post": {"summary": "Read a Chinese business licence (营业执照): every field, the credit code checked", "requestBody": {"required": true, "content": form}, "responses": licence_responses}},
            "/healthz": {"get": {"summary": "Liveness", "responses": {"200": {"description": "the server is up"}}}}
        },
        "components": {
            "securitySchemes": {"appcode": {"type": "apiKey", "in": "header", "name": "Authorization"}},
            "schemas": {
                "Failure": {"type": "object", "required": ["status", "code", "message", "serialNo"], "properties": {
                    "status": {"type": "integer"}, "code": {"type": "integer"}, "message": {"type": "string"}, "serialNo": {"type": "string"}}},
                "OcrSuccess": {"type": "object", "properties": {
                    "status": {"type": "integer", "example": 200}, "code": {"type": "integer", "example": 0},
                    "message": {"type": "string", "example": "success"}, "serialNo": {"type": "string"},
                    "data": {"type": "array", "items": {"type": "object", "properties": {
                        "value": {"type": "string"}, "confidence": {"type": "integer", "minimum": 0, "maximum": 100},
                        "polygon": {"type": "array", "items": point, "minItems": 4, "maxItems": 4, "nullable": true},
                        "itemPolygon": {"type": "object", "properties": {"x": {"type": "string"}, "y": {"type": "string"}, "width": {"type": "string"}, "height": {"type": "string"}}}}}}}},
                "IdCardSuccess": {"type": "object", "properties": {
                    "status": {"type": "integer", "example": 200}, "code": {"type": "integer", "example": 0},
                    "message": {"type": "string"}, "serialNo": {"type": "string"},
                    "cards": {"type": "array", "description": "every card in the image, in reading order", "items": {"$ref": "#/components/schemas/Card"}},
                    "warnings": {"type": "array", "description": "page-level warnings (multiple_cards, side_unknown when no card was found)", "items": {"$ref": "#/components/schemas/Warning"}}}},
                "LicenceSuccess": {"type": "object", "properties": {
                    "status": {"type": "integer", "example": 200}, "code": {"type": "integer", "example": 0},
                    "message": {"type": "string"}, "serialNo": {"type": "string"},
                    "licence": {"type": "object", "properties": {
                        "credit_code": nullable_string, "name": nullable_string, "type": nullable_string,
                        "representative": nullable_string, "representative_label": nullable_string,
                        "capital": nullable_string, "composition": nullable_string, "founded": nullable_string,
                        "term_from": nullable_string, "term_to": nullable_string, "address": nullable_string,
                        "scope": nullable_string, "issued": nullable_string, "authority": nullable_string,
                        "status": {"type": "string", "enum": ["ok", "review", "reject"]},
                        "warnings": {"type": "array", "items": {"type": "object", "properties": {
                            "code": {"type": "string"}, "field": {"type": "string"},
                            "severity": {"type": "string", "enum": ["info", "review", "reject"]}, "message": {"type": "string"}}}},
                        "labels": {"type": "object", "description": "field → the label read", "additionalProperties": {"type": "string"}},
                        "confidence": {"type": "object", "description": "field → the lowest confidence (0–100) of its lines", "additionalProperties": {"type": "number"}},
                        "verified": {"type": "array", "description": "the fields a check proved", "items": {"type": "string"}},
                        "boxes": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Quad"}}}}}},
                "Warning": {"type": "object", "properties": {
                    "code": {"type": "string"}, "severity": {"type": "string", "enum": ["info", "review", "reject"]}, "message": {"type": "string"}}},
                "Quad": {"type": "array", "description": "four [x, y] corners in image pixels, top-left as read first, clockwise", "minItems": 4, "maxItems": 4,
                    "items": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}},
                "Card": {"type": "object", "properties": {
                    "card": {"type": "integer", "description": "index on the page"}, "cards_on_page": {"type": "integer"},
                    "person": {"type": "integer", "description": "a front and a back of the same person share it"},
                    "quad": {"allOf": [{"$ref": "#/components/schemas/Quad"}], "nullable": true},
                    "side": {"type": "string", "enum": ["front", "back"], "nullable": true},
                    "name": nullable_string, "sex": nullable_string, "ethnicity": nullable_string,
                    "birth_date": nullable_string, "address": nullable_string, "id_number": nullable_string,
                    "id_valid": {"type": "boolean", "nullable": true}, "issuer": nullable_string,
                    "valid_from": nullable_string, "valid_until": nullable_string,
                    "confidence": {"type": "object", "additionalProperties": {"type": "number"}},
                    "status": {"type": "string", "enum": ["ok", "review", "reject"]},
                    "verified": {"type": "array", "items": {"type": "string"}},
                    "boxes": {"type": "object", "description": "field → where it is printed", "additionalProperties": {"$ref": "#/components/schemas/Quad"}},
                    "quality": {"type": "object", "nullable": true, "properties": {
                        "greyscale": {"type": "number"}, "outside": {"type": "number"}, "long_side_px": {"type": "number"},
                        "blur": {"type": "number"}, "glare": {"type": "number"}, "darkness": {"type": "number"}}},
                    "warnings": {"type": "array", "items": {"$ref": "#/components/schemas/Warning"}},
                    "page_warnings": {"type": "array", "items": {"$ref": "#/components/schemas/Warning"}}}}
            }
        }
    })
}
