extension String {
    /// The string without its one trailing newline, if it has one.
    var trimmingSuffixNewline: String { hasSuffix("\n") ? String(dropLast()) : self }
}
