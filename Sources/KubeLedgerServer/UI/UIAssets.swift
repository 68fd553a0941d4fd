/// The timeline page's files, embedded in the binary as string literals (no resource bundle, no
/// build step, nothing fetched from elsewhere). Their sources are tools/ui-src/; tools/ui-embed.py
/// writes them into the `UIAssets+*.swift` files.
enum UIAssets {
    /// The content type and text of the file `name` under `/ui/` (`""` is the page itself).
    static func file(_ name: String) -> (String, String)? {
        switch name {
        case "", "index.html": return ("text/html; charset=utf-8", html)
        case "app.js": return ("text/javascript; charset=utf-8", script)
        case "app.css": return ("text/css; charset=utf-8", style)
        default: return nil
        }
    }
}
