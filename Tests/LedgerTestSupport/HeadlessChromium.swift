public import Foundation

/// Debian's `chromium`, headless, for end-to-end checks of the timeline page: the DOM after the
/// page's scripts ran (`--dump-dom`), and screenshots.
public struct HeadlessChromium: Sendable {
    /// The browser binary.
    public let binary: String
    /// A profile directory of this run's own (no state shared with other runs).
    public let profile: String

    /// The first of `chromium`, `chromium-browser`, `google-chrome` found, else nil.
    public static var binaryPath: String? {
        for p in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        where FileManager.default.isExecutableFile(atPath: p) {
            return p
        }
        return nil
    }

    /// Whether a browser was found (the page's end-to-end tests are skipped otherwise).
    public static var isAvailable: Bool { binaryPath != nil }

    public init?(profile: String) {
        guard let b = Self.binaryPath else { return nil }
        binary = b
        self.profile = profile
    }

    func arguments(_ extra: [String]) -> [String] {
        [
            "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(profile)", "--window-size=1400,900",
        ] + extra
    }

    /// The DOM of `url` once its scripts ran, within `budgetMilliseconds` of virtual time.
    public func dumpDOM(_ url: String, budgetMilliseconds: Int = 8000) throws -> String {
        try run(arguments(["--virtual-time-budget=\(budgetMilliseconds)", "--dump-dom", url]))
    }

    /// Writes a PNG of `url` to `path`.
    public func screenshot(_ url: String, to path: String, size: String = "1400,900") throws {
        _ = try run(
            arguments([
                "--virtual-time-budget=8000", "--hide-scrollbars", "--window-size=\(size)",
                "--screenshot=\(path)", url,
            ]))
    }

    /// tools/perf/ui-cdp.py: the DevTools-protocol driver (Python's standard library only).
    public static let driverScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("tools/perf/ui-cdp.py").path

    /// Opens `url` in real time and drives the timeline with real input events through the
    /// DevTools protocol (`tools/perf/ui-cdp.py --steps`: keys on the focused timeline, wheel turns
    /// and drags over a lane), waiting after each until the page drew the new window.
    ///
    /// - Parameter steps: the script's steps as JSON (`[{"key":"ArrowRight"},{"wheel":120},{"drag":-200}]`).
    /// - Returns: what the script printed (a JSON array: the view after loading and after each
    ///   step) and its standard error.
    public func drive(_ url: String, steps: String) throws -> (output: String, errors: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Self.driverScript, "--steps", steps, url]
        p.environment = ProcessInfo.processInfo.environment.merging(["CHROMIUM": binary]) { $1 }
        let out = Pipe()
        let errorPath = profile + "-driver.stderr"
        FileManager.default.createFile(atPath: errorPath, contents: nil)
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        defer { try? err.close() }
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let errors = String(decoding: FileManager.default.contents(atPath: errorPath) ?? Data(), as: UTF8.self)
        return (String(decoding: data, as: UTF8.self), errors)
    }

    func run(_ args: [String]) throws -> String { try CLIRunner.output(of: binary, args) }
}
