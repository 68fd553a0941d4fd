/// kubectl's `-o` formats that only `get` prints: `name`, `jsonpath=…`, `custom-columns=…`
/// (templates kept as given; `get` parses them and reports a malformed one as a usage error).
public enum KubectlOutput: Sendable, Hashable {
    /// `-o name`: `KIND[.GROUP]/NAME` per object.
    case name
    /// `-o jsonpath=TEMPLATE`.
    case jsonpath(String)
    /// `-o jsonpath-file=FILE`.
    case jsonpathFile(String)
    /// `-o custom-columns=SPEC`.
    case customColumns(String)
    /// `-o custom-columns-file=FILE`.
    case customColumnsFile(String)

    /// Reads `-o` values of these forms.
    init?(argument: String) {
        if argument == "name" {
            self = .name
            return
        }
        guard let eq = argument.firstIndex(of: "=") else { return nil }
        let value = String(argument[argument.index(after: eq)...])
        switch argument[..<eq] {
        case "jsonpath": self = .jsonpath(value)
        case "jsonpath-file": self = .jsonpathFile(value)
        case "custom-columns": self = .customColumns(value)
        case "custom-columns-file": self = .customColumnsFile(value)
        default: return nil
        }
    }

    /// The `-o` value.
    var argument: String {
        switch self {
        case .name: "name"
        case .jsonpath(let t): "jsonpath=\(t)"
        case .jsonpathFile(let f): "jsonpath-file=\(f)"
        case .customColumns(let s): "custom-columns=\(s)"
        case .customColumnsFile(let f): "custom-columns-file=\(f)"
        }
    }
}
