import Plot

/// Plot escapes text nodes but writes attribute values as given, so a quote in a value would end
/// the attribute. Every attribute that can carry data goes through these (`value`, `href`, `action`),
/// and `ViewEscapingTests` fails on any call of Plot's own unescaped forms in the sources.
extension String {
    /// The text escaped for a double-quoted attribute value.
    package var escapedForAttribute: String {
        var escaped = ""
        escaped.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}

extension Attribute where Context: HTMLValueContext {
    package static func value(escaping value: String) -> Attribute { .value(value.escapedForAttribute) }
}

extension Node where Context: HTMLValueContext {
    package static func value(escaping value: String) -> Node { .value(value.escapedForAttribute) }
}

extension Attribute where Context: HTMLLinkableContext {
    package static func href(escaping url: String) -> Attribute { .href(url.escapedForAttribute) }
}

extension Node where Context: HTMLLinkableContext {
    package static func href(escaping url: String) -> Node { .href(url.escapedForAttribute) }
}

extension Node where Context == HTML.FormContext {
    package static func action(escaping url: String) -> Node { .action(url.escapedForAttribute) }
}

extension Node {
    /// Any other attribute whose value may carry data.
    package static func attribute(named name: String, escaping value: String?) -> Node {
        .attribute(named: name, value: value?.escapedForAttribute)
    }
}

extension Attribute {
    package static func attribute(named name: String, escaping value: String?) -> Attribute {
        .attribute(named: name, value: value?.escapedForAttribute)
    }
}
