/// Bad input: what is wrong and where (file, line, document, field). Nothing of an input with
/// such an error is stored.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input file, or `-` for standard input.
    public var source: String
    /// The 1-based line, when known.
    public var line: Int?
    /// The 1-based document (YAML document or list item), when it helps.
    public var document: Int?
    /// The field at fault (`metadata.name`), when there is one.
    public var field: String?
    /// What is wrong and, where useful, what to do.
    public var message: String

    public init(source: String, line: Int? = nil, document: Int? = nil, field: String? = nil, message: String) {
        self.source = source
        self.line = line
        self.document = document
        self.field = field
        self.message = message
    }

    public var description: String {
        var s = source == "-" ? "<stdin>" : source
        if let line { s += ":\(line)" }
        s += ":"
        if let document { s += " document \(document):" }
        if let field { s += " \(field):" }
        return s + " " + message
    }
}
