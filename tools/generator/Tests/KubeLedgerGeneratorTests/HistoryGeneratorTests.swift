import Foundation
import KubeLedgerGenerator
import Testing

/// Histories shared by the tests (generated once per test process).
enum Fixtures {
    /// A small cluster's history: rollouts, rollbacks, scaling, StatefulSet volumes, node failures.
    static let history: [GeneratedEvent] = {
        var options = GeneratorOptions(events: 8_000, seed: 20_260_101)
        options.meanSecondsBetweenNodeFailures = 6 * 3600
        return Array(HistoryGenerator(options))
    }()

    /// StatefulSets that change often (scale down and up, roll, undo).
    static let statefulHistory: [GeneratedEvent] = {
        var options = GeneratorOptions(events: 5_000, seed: 7)
        options.deployments = 1
        options.statefulSets = 3
        options.daemonSets = 1
        options.meanSecondsBetweenChanges = 900
        return Array(HistoryGenerator(options))
    }()

    static func json(_ bytes: [UInt8]) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(bytes))
        return try #require(value as? [String: Any])
    }

    /// The index of the first occurrence of `needle` in `bytes` at or after `from`.
    static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        var index = from
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0] && bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    static func nativeBytes(_ options: GeneratorOptions) -> [UInt8] {
        var out: [UInt8] = []
        for event in HistoryGenerator(options) {
            event.appendNativeLine(to: &out)
            out.append(0x0A)
        }
        return out
    }
}

extension Dictionary where Key == String, Value == Any {
    subscript(path path: String...) -> Any? {
        var current: Any? = self
        for key in path {
            current = (current as? [String: Any])?[key]
        }
        return current
    }
}

@Suite struct HistoryGeneratorTests {
    @Test func theSameSeedGivesIdenticalBytes() {
        let options = GeneratorOptions(events: 2_500, seed: 42)
        let first = Fixtures.nativeBytes(options)
        let second = Fixtures.nativeBytes(options)
        #expect(first.count > 1_000_000)
        #expect(first == second)
    }

    @Test func livePodsScalesTheDeploymentsToAboutThatManyPods() {
        /// The most pods live at once in `options`' history.
        func peak(_ options: GeneratorOptions) -> Int {
            var live = Set<String>()
            var most = 0
            for e in HistoryGenerator(options) where e.kind == "Pod" {
                let key = (e.namespace ?? "") + "/" + e.name
                if e.verb == "delete" { live.remove(key) } else { live.insert(key) }
                most = max(most, live.count)
            }
            return most
        }
        var options = GeneratorOptions(events: 30_000, seed: 5)
        let usual = peak(options)
        options.livePods = 400
        let scaled = peak(options)
        #expect(scaled >= 3 * usual, "peak \(scaled) live pods for 400 asked, \(usual) without")
        #expect(scaled > 250 && scaled < 1_000, "peak \(scaled) live pods for 400 asked")
    }

    @Test func aDifferentSeedGivesADifferentHistory() {
        let first = Fixtures.nativeBytes(GeneratorOptions(events: 500, seed: 1))
        let second = Fixtures.nativeBytes(GeneratorOptions(events: 500, seed: 2))
        #expect(first != second)
    }

    @Test(arguments: [0, 1, 777, 3_001])
    func itProducesExactlyTheRequestedNumberOfEvents(count: Int) {
        #expect(Array(HistoryGenerator(GeneratorOptions(events: count, seed: 3))).count == count)
    }

    @Test func readEventsComeOnTopOfTheMutations() {
        var options = GeneratorOptions(events: 1_500, seed: 3)
        options.includeReads = true
        let events = Array(HistoryGenerator(options))
        let reads = events.filter(\.isRead)
        #expect(events.count - reads.count == 1_500)
        #expect(reads.count > 300)
        #expect(Set(reads.map(\.verb)) == ["get", "list", "watch"])
        // The mutations are the same as without reads.
        let plain = Array(HistoryGenerator(GeneratorOptions(events: 1_500, seed: 3)))
        #expect(events.filter { !$0.isRead } == plain)
    }

    @Test func everyObjectParsesAndCarriesItsIdentity() throws {
        for event in Fixtures.history {
            let object = try Fixtures.json(event.object)
            #expect(object["apiVersion"] as? String == event.apiVersion)
            #expect(object["kind"] as? String == event.kind)
            let metadata = try #require(object["metadata"] as? [String: Any])
            #expect(metadata["name"] as? String == event.name)
            #expect(metadata["uid"] as? String == event.uid)
            #expect(metadata["resourceVersion"] as? String == event.resourceVersion)
            #expect(metadata["namespace"] as? String == event.namespace)
            #expect(metadata["creationTimestamp"] is String)
            #expect((metadata["managedFields"] as? [Any])?.isEmpty == false)
            #expect(object["status"] != nil || event.kind == "ControllerRevision")
            #expect(event.uid.count == 36 && event.auditID.count == 36)
        }
    }

    @Test func coversEveryKindVerbAndActorOfARealCluster() {
        let kinds = Set(Fixtures.history.map(\.kind))
        #expect(
            kinds == [
                "Node", "Deployment", "ReplicaSet", "Pod", "StatefulSet", "DaemonSet", "ControllerRevision",
                "PersistentVolumeClaim", "PersistentVolume",
            ])
        #expect(Set(Fixtures.history.map(\.verb)) == ["create", "update", "patch", "delete"])
        let actors = Set(Fixtures.history.map(\.actor))
        for actor in [
            "system:serviceaccount:kube-system:deployment-controller",
            "system:serviceaccount:kube-system:replicaset-controller",
            "system:serviceaccount:kube-system:statefulset-controller",
            "system:serviceaccount:kube-system:daemon-set-controller",
            "system:serviceaccount:kube-system:persistent-volume-binder", "system:kube-scheduler", "alice@example.com",
        ] {
            #expect(actors.contains(actor), "missing actor \(actor)")
        }
        #expect(actors.contains { $0.hasPrefix("system:node:ip-") })
        #expect(Set(Fixtures.history.compactMap(\.subresource)) == ["status", "binding"])
    }

    @Test func resourceVersionsIncreaseByOneAndTimeNeverGoesBack() throws {
        var previousRV = try #require(Int(Fixtures.history[0].resourceVersion)) - 1
        var previousTime = Int64.min
        for event in Fixtures.history {
            let rv = try #require(Int(event.resourceVersion))
            #expect(rv == previousRV + 1)
            #expect(event.occurredAtNanos >= previousTime)
            #expect(event.occurredAtNanos % 1000 == 0)
            previousRV = rv
            previousTime = event.occurredAtNanos
        }
        #expect(Fixtures.history[0].occurredAtNanos >= GeneratorOptions.defaultStart)
        #expect(Fixtures.history[0].resourceVersion == "1000")
    }

    @Test func podsAverageTwoToFourKilobytesAsKubectlPrintsThem() throws {
        // kubectl get -o json hides managedFields: measure the object without `"managedFields":[…],`
        // (metadata keys are sorted, so `name` follows it).
        let start = Array(",\"managedFields\":[".utf8)
        let end = Array("],\"name\":\"".utf8)
        var total = 0
        var totalWithManagedFields = 0
        var count = 0
        for event in Fixtures.history where event.kind == "Pod" {
            let bytes = event.object
            let from = try #require(Fixtures.find(start, in: bytes, from: 0))
            let to = try #require(Fixtures.find(end, in: bytes, from: from))
            total += bytes.count - (to + 1 - from)
            totalWithManagedFields += bytes.count
            count += 1
        }
        #expect(count > 2_000)
        let average = total / count
        #expect((2_048...4_096).contains(average), "average pod is \(average) bytes")
        #expect(
            (4_096...8_192).contains(totalWithManagedFields / count),
            "with managedFields: \(totalWithManagedFields / count)")
    }

    @Test func replicaSetRevisionsFollowTheDeploymentControllersRules() throws {
        var revisions: [String: [String: Int]] = [:]  // deployment uid → RS uid → revision
        var creations = 0
        var renumbered = 0
        for event in Fixtures.history where event.kind == "ReplicaSet" {
            let object = try Fixtures.json(event.object)
            let metadata = try #require(object["metadata"] as? [String: Any])
            let annotations = try #require(metadata["annotations"] as? [String: String])
            let owner = try #require((metadata["ownerReferences"] as? [[String: Any]])?.first)
            let deployment = try #require(owner["uid"] as? String)
            let revision = try #require(annotations["deployment.kubernetes.io/revision"].flatMap { Int($0) })
            let hash = try #require((metadata["labels"] as? [String: String])?["pod-template-hash"])
            #expect(hash.count == 10 && hash.allSatisfy { "456789bcdf".contains($0) })
            #expect(event.name == (owner["name"] as? String ?? "") + "-" + hash)
            #expect(annotations["deployment.kubernetes.io/desired-replicas"] != nil)
            #expect(annotations["deployment.kubernetes.io/max-replicas"] != nil)
            var owned = revisions[deployment] ?? [:]
            let highestOther = owned.filter { $0.key != event.uid }.values.max() ?? 0
            switch event.verb {
            case "create":
                #expect(revision == highestOther + 1, "a new template gets max+1")
                creations += 1
            case "delete":
                owned[event.uid] = nil
                revisions[deployment] = owned
                continue
            default:
                if let before = owned[event.uid], before != revision {
                    #expect(revision == highestOther + 1, "a rollback renumbers to max+1")
                    let history = annotations["deployment.kubernetes.io/revision-history"] ?? ""
                    #expect(history.split(separator: ",").last.map(String.init) == String(before))
                    renumbered += 1
                }
            }
            owned[event.uid] = revision
            revisions[deployment] = owned
        }
        #expect(creations > 40)
        #expect(renumbered >= 2)
    }

    @Test func theDeploymentShowsTheRevisionOfItsNewReplicaSet() throws {
        var lastRevision: [String: String] = [:]  // deployment uid → revision annotation
        for event in Fixtures.history where event.kind == "Deployment" && event.subresource == "status" {
            let object = try Fixtures.json(event.object)
            let revision = try #require(
                (object[path: "metadata", "annotations"] as? [String: String])?["deployment.kubernetes.io/revision"])
            lastRevision[event.uid] = revision
        }
        #expect(lastRevision.count >= 3)
    }

    @Test func statefulSetClaimsAreNamedAfterTemplateSetAndOrdinalAndBindToVolumes() throws {
        var claims: [String: (uid: String, volume: String?, phase: String)] = [:]
        var volumes: [String: (claim: String, claimUID: String, phase: String)] = [:]
        var sets: [String: (start: Int, templates: [String])] = [:]
        for event in Fixtures.statefulHistory {
            let object = try Fixtures.json(event.object)
            switch event.kind {
            case "StatefulSet":
                let start = (object[path: "spec", "ordinals", "start"] as? Int) ?? 0
                let templates = ((object[path: "spec", "volumeClaimTemplates"] as? [[String: Any]]) ?? []).compactMap {
                    $0[path: "metadata", "name"] as? String
                }
                sets[event.name] = (start, templates)
            case "PersistentVolumeClaim":
                claims[event.name] = (
                    event.uid, object[path: "spec", "volumeName"] as? String,
                    object[path: "status", "phase"] as? String ?? ""
                )
            case "PersistentVolume":
                let claimRef = try #require(object[path: "spec", "claimRef"] as? [String: Any])
                #expect(claimRef["kind"] as? String == "PersistentVolumeClaim")
                volumes[event.name] = (
                    claimRef["name"] as? String ?? "", claimRef["uid"] as? String ?? "",
                    object[path: "status", "phase"] as? String ?? ""
                )
            default:
                break
            }
        }
        #expect(claims.count >= 3)
        for (name, claim) in claims {
            let set = try #require(
                sets.first { entry in entry.value.templates.contains { name.hasPrefix($0 + "-" + entry.key + "-") } })
            let template = try #require(set.value.templates.first { name.hasPrefix($0 + "-" + set.key + "-") })
            let ordinal = try #require(Int(name.dropFirst(template.count + set.key.count + 2)))
            #expect(ordinal >= set.value.start)
            #expect(claim.phase == "Bound")
            let volumeName = try #require(claim.volume)
            let volume = try #require(volumes[volumeName])
            #expect(volume.claim == name && volume.claimUID == claim.uid && volume.phase == "Bound")
        }
    }

    @Test func aStatefulSetPodComesBackWithANewUIDToTheSameClaim() throws {
        var uidsByPod: [String: [String]] = [:]
        var claimCreations: [String: Int] = [:]
        for event in Fixtures.statefulHistory {
            if event.kind == "PersistentVolumeClaim" && event.verb == "create" {
                claimCreations[event.name, default: 0] += 1
            }
            guard event.kind == "Pod", event.verb == "create" else { continue }
            let object = try Fixtures.json(event.object)
            guard
                (object[path: "metadata", "ownerReferences"] as? [[String: Any]])?.first?["kind"] as? String
                    == "StatefulSet"
            else { continue }
            #expect(object[path: "metadata", "generateName"] == nil)
            #expect(object[path: "spec", "hostname"] as? String == event.name)
            let labels = try #require(object[path: "metadata", "labels"] as? [String: String])
            #expect(labels["statefulset.kubernetes.io/pod-name"] == event.name)
            #expect(event.name.hasSuffix("-" + (labels["apps.kubernetes.io/pod-index"] ?? "?")))
            uidsByPod[event.name, default: []].append(event.uid)
        }
        let recreated = uidsByPod.filter { $0.value.count > 1 }
        #expect(!recreated.isEmpty)
        for uids in recreated.values { #expect(Set(uids).count == uids.count) }
        // Retain: a claim is created once, however often its pod comes back.
        #expect(claimCreations.values.allSatisfy { $0 == 1 })
    }

    @Test func noObjectIsWrittenAfterItsDelete() {
        var deleted: Set<String> = []
        var podDeletes = 0
        for event in Fixtures.history {
            #expect(!deleted.contains(event.uid), "\(event.kind) \(event.name) written after its delete")
            if event.verb == "delete" {
                deleted.insert(event.uid)
                if event.kind == "Pod" { podDeletes += 1 }
            }
        }
        #expect(podDeletes > 300)
    }

    @Test func podsAreCreatedBoundStartedAndDeletedGracefully() throws {
        var created: Set<String> = []
        var terminating: Set<String> = []
        var graceful = 0
        for event in Fixtures.history where event.kind == "Pod" {
            let object = try Fixtures.json(event.object)
            switch (event.verb, event.subresource) {
            case ("create", _):
                created.insert(event.uid)
                #expect(object[path: "status", "phase"] as? String == "Pending")
                #expect(object[path: "spec", "nodeName"] == nil)
                if let generateName = object[path: "metadata", "generateName"] as? String {
                    #expect(event.generatedName)
                    #expect(event.name.hasPrefix(generateName) && event.name.count == generateName.count + 5)
                    #expect(event.name.suffix(5).allSatisfy { "bcdfghjklmnpqrstvwxz2456789".contains($0) })
                }
            case ("update", "binding"):
                #expect(event.actor == "system:kube-scheduler")
                #expect(object[path: "spec", "nodeName"] is String)
            case ("update", nil):
                #expect(object[path: "metadata", "deletionTimestamp"] is String)
                #expect(object[path: "metadata", "deletionGracePeriodSeconds"] as? Int == 30)
                terminating.insert(event.uid)
                graceful += 1
            case ("patch", "status"):
                if event.actor.hasPrefix("system:node:") {
                    #expect(event.actor == "system:node:" + (object[path: "spec", "nodeName"] as? String ?? ""))
                }
            case ("delete", _):
                #expect(created.contains(event.uid) || event.occurredAtNanos > 0)
            default:
                break
            }
        }
        #expect(graceful > 200)
        #expect(terminating.count == graceful)
    }

    @Test func nodesFailAndTheirPodsAreEvicted() {
        let events = Fixtures.history
        #expect(
            events.contains {
                $0.kind == "Node" && $0.actor == "system:serviceaccount:kube-system:node-controller"
                    && $0.subresource == "status"
            })
        #expect(
            events.contains {
                $0.kind == "Pod" && $0.actor == "system:serviceaccount:kube-system:node-controller"
                    && $0.verb == "update" && $0.subresource == nil
            })
    }
}
