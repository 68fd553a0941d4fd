import KubeLedger
import Ledger

/// Resolves kubectl-style kind names (`deploy`, `pods`, `sts`, `Deployment`) and `KIND/NAME`.
enum KindArgument {
    /// The kind name and group for `text`; unknown kinds are taken as given (exact kind).
    static func resolve(_ text: String) -> (kind: String, group: String?) {
        if let k = KubeKind.lookup(text) { return (k.kind, k.group) }
        return (text, nil)
    }

    /// Splits `KIND/NAME`.
    static func split(_ text: String) throws -> (kind: String, group: String?, name: String) {
        guard let slash = text.firstIndex(of: "/"), slash != text.startIndex, text.index(after: slash) != text.endIndex
        else {
            throw CommandFailure(.usage, "'\(text)': expected KIND/NAME, e.g. deploy/web or sts/db")
        }
        let (kind, group) = resolve(String(text[..<slash]))
        return (kind, group, String(text[text.index(after: slash)...]))
    }
}
