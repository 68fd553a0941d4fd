/// Reads a whole input file, or stdin for `-`, into an array (for inputs that are parsed as a
/// whole, such as `append -f`). Imports read through ``InputBuffer`` instead, which maps files.
enum InputFiles {
    static func read(_ path: String) throws(CommandFailure) -> [UInt8] {
        try InputBuffer(path: path).withBytes { Array($0) }
    }
}
