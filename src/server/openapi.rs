//! Site-wide corrections to the generated OpenAPI document, so that it describes what the
//! server sends (the API fuzzer in scripts/test checks every answer against it):
//! - Every `{name}` of a path template is a declared path parameter. Handlers that do not
//!   list theirs get one here: a string for the names that carry text (tokens, client and
//!   room ids, kinds, order numbers), otherwise a non-negative integer id.
//! - Times: the models' `NaiveDateTime` fields travel as ISO 8601 without an offset
//!   (`2026-12-03T06:19:40.959`, UTC), which JSON Schema's `date-time` (RFC 3339) refuses;
//!   they are documented with that pattern instead.

use serde_json::{json, Value};

/// Path parameters whose values are text; any other undeclared one is an integer id.
const TEXT_PARAMETERS: &[&str] = &["token", "client_id", "clientId", "room", "kind", "order", "doc", "name", "provider", "registrationId"];

const DATE_TIME_PATTERN: &str = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$";

pub fn tidy(doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    let Ok(mut v) = serde_json::to_value(&doc) else { return doc };
    if let Some(paths) = v.get_mut("paths").and_then(Value::as_object_mut) {
        for (template, item) in paths.iter_mut() {
            let names = template_names(template);
            let Some(item) = item.as_object_mut() else { continue };
            for (method, op) in item.iter_mut() {
                if !matches!(method.as_str(), "get" | "put" | "post" | "delete" | "patch" | "head" | "options") {
                    continue;
                }
                declare_path_parameters(op, &names);
            }
        }
    }
    relax_date_times(&mut v);
    serde_json::from_value(v).unwrap_or(doc)
}

fn template_names(template: &str) -> Vec<String> {
    template.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(name, _)| name.to_owned())).collect()
}

fn declare_path_parameters(op: &mut Value, names: &[String]) {
    let Some(op) = op.as_object_mut() else { return };
    let params = op.entry("parameters").or_insert_with(|| json!([]));
    let Some(params) = params.as_array_mut() else { return };
    for name in names {
        let declared = params.iter().any(|p| p["in"] == "path" && p["name"] == name.as_str());
        if declared {
            continue;
        }
        let schema = if TEXT_PARAMETERS.contains(&name.as_str()) {
            json!({"type": "string"})
        } else {
            json!({"type": "integer", "format": "int64", "minimum": 0})
        };
        params.push(json!({"name": name, "in": "path", "required": true, "schema": schema}));
    }
}

fn relax_date_times(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if map.get("format").and_then(Value::as_str) == Some("date-time") {
                map.remove("format");
                map.insert("pattern".into(), json!(DATE_TIME_PATTERN));
            }
            for child in map.values_mut() {
                relax_date_times(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(relax_date_times),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undeclared_path_parameters_are_added_and_date_times_relaxed() {
        let mut v = json!({"paths": {"/a/{id}/b/{token}": {"get": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}]}}},
                           "components": {"schemas": {"T": {"type": "object", "properties": {"at": {"type": "string", "format": "date-time"}}}}}});
        for (t, item) in v["paths"].as_object_mut().unwrap().iter_mut() {
            declare_path_parameters(&mut item["get"], &template_names(t));
        }
        relax_date_times(&mut v);
        let params = v["paths"]["/a/{id}/b/{token}"]["get"]["parameters"].as_array().unwrap();
        assert_eq!(params.len(), 2);
        assert_eq!(params[1]["name"], "token");
        assert_eq!(params[1]["schema"]["type"], "string");
        let at = &v["components"]["schemas"]["T"]["properties"]["at"];
        assert!(at.get("format").is_none());
        let re = at["pattern"].as_str().unwrap();
        assert_eq!(re, DATE_TIME_PATTERN);
    }
}
