/// A rejected input record: the file (or `-`), the 1-based line, the field if one is at fault,
/// and a one-line message.
///
/// Its ``description`` reads `audit.log:17: responseStatus.code: not a number`.
public struct IngestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input's name: a file path, or `-` for standard input.
    public var file: String
    /// The 1-based line where the record starts.
    public var line: Int
    /// The field at fault (`responseStatus.code`), if any.
    public var field: String?
    /// What is wrong, and what to do when that is not obvious.
    public var message: String

    /// An error about `field` (or the whole record) at `file:line`.
    public init(file: String, line: Int, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `file:line: field: message`.
    public var description: String {
        if let field { return "\(file):\(line): \(field): \(message)" }
        return "\(file):\(line): \(message)"
    }
}
