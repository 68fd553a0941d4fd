import Foundation
import Ledger
import Prometheus

/// The recorder's Prometheus metrics (`/metrics`), through swift-prometheus's
/// `PrometheusCollectorRegistry`: one registry per recorder, passed to whoever counts, no global
/// `MetricsSystem.bootstrap` (docs/decisions/0006).
///
/// Every series is named `kubeledger_record_*`; ``BatchWriter`` moves the counters and gauges as
/// it commits, and a scrape adds the store's size.
final class RecorderMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let watchRestarts: Counter
    private let relists: Counter
    private let commits: Counter
    private let commitLag: Gauge
    private let lastCommitTimestamp: Gauge
    private let storeBytes: Gauge
    private let lastRevision: Gauge

    /// `kubeledger_record_<metric>_<unit>`, with its help text.
    static func name(_ metric: String, unit: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "kubeledger", subsystem: "record", metricName: metric, unitName: unit, helpText: help)
    }

    /// Made per use: swift-prometheus' descriptor is not `Sendable`, so it cannot be a static.
    static var events: MetricNameDescriptor { name("events", unit: "total", help: "Events recorded, by resource.") }

    init() {
        watchRestarts = registry.makeCounter(
            descriptor: Self.name("watch_restarts", unit: "total", help: "Watches restarted after a failure."))
        relists = registry.makeCounter(descriptor: Self.name("relists", unit: "total", help: "Lists reconciled."))
        commits = registry.makeCounter(descriptor: Self.name("commits", unit: "total", help: "Write transactions."))
        commitLag = registry.makeGauge(
            descriptor: Self.name(
                "commit_lag", unit: "seconds",
                help: "Time from an event's arrival to its commit, for the last transaction."))
        lastCommitTimestamp = registry.makeGauge(
            descriptor: Self.name(
                "last_commit_timestamp", unit: "seconds", help: "When the last transaction was committed."))
        storeBytes = registry.makeGauge(
            descriptor: Self.name("store", unit: "bytes", help: "Size of the store's data.mdb."))
        lastRevision = registry.makeGauge(
            descriptor: Self.name("last_revision", unit: "", help: "The store's last revision."))
    }

    func countRelist() { relists.increment() }

    func countWatchRestart() { watchRestarts.increment() }

    /// One committed transaction: `events` by resource (cursor name, `audit` for the webhook), and
    /// the lag, time and revision `stats` now hold.
    func countCommit(_ stats: RecorderStats, events: [String: Int]) {
        commits.increment()
        for (resource, count) in events {
            registry.makeCounter(descriptor: Self.events, labels: [("resource", resource)]).increment(by: Int64(count))
        }
        commitLag.set(to: stats.lastCommitLagSeconds)
        lastCommitTimestamp.set(to: Double(stats.lastCommit?.nanoseconds ?? 0) / 1e9)
        lastRevision.set(to: Double(stats.lastRevision))
    }

    /// The exposition text (format 0.0.4), with the size of `storePath`'s `data.mdb` now.
    func exposition(storePath: String) -> String {
        let path = storePath + "/data.mdb"
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        storeBytes.set(to: Double(bytes))
        return registry.emitToString()
    }
}
