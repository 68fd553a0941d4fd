/// A cursor over a selector's characters (label and field selectors share it).
struct SelectorScanner {
    private let chars: [Character]
    private var index = 0

    init(_ text: String) { chars = Array(text) }

    var atEnd: Bool { index >= chars.count }

    mutating func skipSpaces() {
        while index < chars.count, chars[index] == " " || chars[index] == "\t" { index += 1 }
    }

    /// Whether the input continues with `token` (not consumed).
    func peek(_ token: String) -> Bool {
        let t = Array(token)
        return index + t.count <= chars.count && Array(chars[index..<index + t.count]) == t
    }

    /// Consumes `token` when the input continues with it.
    mutating func take(_ token: String) -> Bool {
        guard peek(token) else { return false }
        index += token.count
        return true
    }

    /// Consumes characters up to a space, an operator character, a comma or a parenthesis.
    mutating func word() -> String {
        let start = index
        while index < chars.count, !" \t,()=!".contains(chars[index]) { index += 1 }
        return String(chars[start..<index])
    }
}
