public import Ledger

/// kubectl's pod columns, computed as `printPod` in kubectl's printers
/// (`pkg/printers/internalversion/printers.go`) computes them.
extension PodSummary {
    /// What kubectl prints for a pod: READY (`x/y`), STATUS, RESTARTS (count and time of the
    /// last restart), and the wide columns.
    public struct Printed: Sendable, Hashable {
        public var readyContainers: Int
        public var totalContainers: Int
        /// The STATUS column: a phase, a container reason (`ContainerCreating`,
        /// `CrashLoopBackOff`, `ImagePullBackOff`, `Completed`, `Error`), `Init:0/1`,
        /// `Init:CrashLoopBackOff`, `Terminating`, `SchedulingGated`, `NotReady` …
        public var status: String
        public var restarts: Int
        /// When the last restart happened (latest `lastState.terminated.finishedAt`), if known.
        public var lastRestart: Timestamp?
        /// READINESS GATES: `<none>` or `true/total`.
        public var readinessGates: String

        /// `1/2`.
        public var ready: String { "\(readyContainers)/\(totalContainers)" }
    }

    /// The columns kubectl prints for this pod.
    public var printed: Printed {
        var restarts = 0
        var restartableInitRestarts = 0
        var totalContainers = containerCount
        var readyContainers = 0
        var lastRestart: Timestamp?
        var lastRestartableInitRestart: Timestamp?
        func later(_ a: Timestamp?, _ s: String?) -> Timestamp? {
            guard let s, let t = Timestamp(rfc3339: s) else { return a }
            guard let a else { return t }
            return t > a ? t : a
        }

        var reason = phase
        if !self.reason.isEmpty { reason = self.reason }
        for c in conditions where c.type == "PodScheduled" && c.reason == "SchedulingGated" {
            reason = "SchedulingGated"
        }

        var restartableInit: [String: Bool] = [:]
        for ic in initContainers {
            restartableInit[ic.name] = ic.restartable
            if ic.restartable { totalContainers += 1 }
        }

        var initializing = false
        for (i, c) in initContainerStatuses.enumerated() {
            restarts += c.restartCount
            lastRestart = later(lastRestart, c.lastTerminatedAt)
            let isRestartable = restartableInit[c.name] ?? false
            if isRestartable {
                restartableInitRestarts += c.restartCount
                lastRestartableInitRestart = later(lastRestartableInitRestart, c.lastTerminatedAt)
            }
            if c.terminated && c.terminatedExitCode == 0 { continue }
            if isRestartable && c.started == true {
                if c.ready { readyContainers += 1 }
                continue
            }
            if c.terminated {
                if c.terminatedReason.isEmpty {
                    reason =
                        c.terminatedSignal != 0
                        ? "Init:Signal:\(c.terminatedSignal)" : "Init:ExitCode:\(c.terminatedExitCode)"
                } else {
                    reason = "Init:" + c.terminatedReason
                }
            } else if let w = c.waitingReason, !w.isEmpty, w != "PodInitializing" {
                reason = "Init:" + w
            } else {
                reason = "Init:\(i)/\(initContainers.count)"
            }
            initializing = true
            break
        }

        let initializedTrue = conditions.contains { $0.type == "Initialized" && $0.status == "True" }
        if !initializing || initializedTrue {
            restarts = restartableInitRestarts
            lastRestart = lastRestartableInitRestart
            var hasRunning = false
            for c in containerStatuses.reversed() {
                restarts += c.restartCount
                lastRestart = later(lastRestart, c.lastTerminatedAt)
                if let w = c.waitingReason, !w.isEmpty {
                    reason = w
                } else if c.terminated && !c.terminatedReason.isEmpty {
                    reason = c.terminatedReason
                } else if c.terminated {
                    reason =
                        c.terminatedSignal != 0 ? "Signal:\(c.terminatedSignal)" : "ExitCode:\(c.terminatedExitCode)"
                } else if c.ready && c.running {
                    hasRunning = true
                    readyContainers += 1
                }
            }
            if reason == "Completed" && hasRunning {
                reason = conditions.contains { $0.type == "Ready" && $0.status == "True" } ? "Running" : "NotReady"
            }
        }

        if deletionTimestamp != nil && self.reason == "NodeLost" {
            reason = "Unknown"
        } else if deletionTimestamp != nil && phase != "Succeeded" && phase != "Failed" {
            reason = "Terminating"
        }

        var gates = "<none>"
        if !readinessGates.isEmpty {
            var trueCount = 0
            for g in readinessGates {
                if let c = conditions.first(where: { $0.type == g }), c.status == "True" { trueCount += 1 }
            }
            gates = "\(trueCount)/\(readinessGates.count)"
        }
        return Printed(
            readyContainers: readyContainers, totalContainers: totalContainers, status: reason, restarts: restarts,
            lastRestart: restarts != 0 ? lastRestart : nil, readinessGates: gates)
    }

    /// Whether condition `Ready` is `True`.
    public var isReady: Bool { conditions.contains { $0.type == "Ready" && $0.status == "True" } }
}
