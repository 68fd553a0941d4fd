import Foundation

/// A flag set by the test thread and read by the writer thread.
final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }

    func writerDone(_ t: Thread) -> Bool { t.isFinished }
}
