/// The identity ledger of one StatefulSet, as ``StatefulSetIdentityProjection`` computes it.
public struct StatefulSetIdentity: Sendable, Hashable {
    public var namespace: String
    public var name: String
    public var serviceName: String
    public var replicas: Int
    public var ordinalStart: Int
    public var whenScaled: String
    public var whenDeleted: String
    /// Whether the StatefulSet is deleted (its claims may remain, §8 #39).
    public var isDeleted: Bool
    /// Ordinals in range, then any ordinal beyond (scaled down) that still has a pod, claims
    /// or history, ascending.
    public var ordinals: [OrdinalIdentity]
}

/// One ordinal's stable identity and what filled it over time.
public struct OrdinalIdentity: Sendable, Hashable {
    public var ordinal: Int
    /// `<set>-<ordinal>`.
    public var pod: String
    /// The pod's hostname (the pod name).
    public var hostname: String
    /// `<pod>.<serviceName>.<namespace>.svc.cluster.local`, when the set names a service.
    public var dns: String?
    /// Whether the ordinal is in `[start, start + replicas)`.
    public var inRange: Bool
    /// `Running`, `Pending` … (the live pod's phase), `Terminating`, `Missing` (in range, no
    /// pod), `Blocked` (in range, no pod, and a claim still owned by an earlier incarnation of
    /// the pod: the controller waits for the garbage collector, §8 #27), `ScaledDown` (beyond
    /// replicas, no pod), `Deleted` (the set is gone).
    public var state: String
    /// The live pod's uid.
    public var uid: String?
    /// The live pod's node, else the node the last pod ran on.
    public var node: String?
    /// One entry per volumeClaimTemplate.
    public var claims: [ClaimIdentity]
    /// Every pod uid of this ordinal, oldest first.
    public var incarnations: [StatefulPodIncarnation]
}

/// The claim of one volumeClaimTemplate for one ordinal.
public struct ClaimIdentity: Sendable, Hashable {
    /// The template name.
    public var template: String
    /// `<template>-<set>-<ordinal>`.
    public var name: String
    /// The current claim's uid (nil when no claim exists now).
    public var uid: String?
    /// The current claim's phase, `Terminating`, or nil when it does not exist.
    public var phase: String?
    /// The PersistentVolume it is bound to: the claim's `spec.volumeName`, confirmed by the
    /// volume's `claimRef` (namespace, name and uid) when the volume is in the log (§5.1, §8 #29).
    public var volume: String?
    /// Whether the volume's `claimRef` was seen pointing back at this claim uid.
    public var verified: Bool
    /// Every uid this claim name had, oldest first.
    public var history: [ClaimIncarnation]
}

extension StatefulSetIdentityProjection {
    /// The identity ledger of StatefulSet `namespace/name`, or nil if it was never seen.
    public func identity(namespace: String, name: String) -> StatefulSetIdentity? {
        guard let s = sets[namespace + "/" + name] else { return nil }
        let end = s.ordinalStart + max(0, s.replicas)
        var ordinals = Set(s.deleted == nil ? Array(s.ordinalStart..<end) : [])
        var byOrdinal: [Int: [StatefulPodIncarnation]] = [:]
        for p in pods.values where p.namespace == namespace && p.setName == name {
            byOrdinal[p.ordinal, default: []].append(p)
            ordinals.insert(p.ordinal)
        }
        for t in s.claimTemplates {
            let prefix = namespace + "/" + t + "-" + name + "-"
            for k in claims.keys where k.hasPrefix(prefix) {
                if let n = Int(k.dropFirst(prefix.count)), n >= 0 { ordinals.insert(n) }
            }
        }
        let rows = ordinals.sorted().map { o -> OrdinalIdentity in
            let podName = "\(name)-\(o)"
            let incarnations = (byOrdinal[o] ?? []).sorted { $0.created.revision < $1.created.revision }
            let live = livePods[namespace + "/" + podName].flatMap { pods[$0] }
            let inRange = s.deleted == nil && o >= s.ordinalStart && o < end
            var state: String
            if let live {
                state = live.terminating != nil ? "Terminating" : (live.phase.isEmpty ? "Pending" : live.phase)
            } else {
                state = s.deleted != nil ? "Deleted" : inRange ? "Missing" : "ScaledDown"
            }
            let claimRows = s.claimTemplates.map { t in
                claimIdentity(template: t, name: "\(t)-\(podName)", namespace: namespace)
            }
            // §8 #27: a claim still owned by an earlier incarnation of the pod blocks the
            // ordinal's pod until the garbage collector removes the claim.
            let staleClaim = claimRows.first { row in
                guard let current = (claims[namespace + "/" + row.name] ?? []).last, current.deleted == nil,
                    !current.ownerPodUID.isEmpty
                else { return false }
                return current.ownerPodUID != live?.uid
            }
            if live == nil, inRange, staleClaim != nil { state = "Blocked" }
            return OrdinalIdentity(
                ordinal: o, pod: podName, hostname: live?.hostname.nilIfEmpty ?? podName,
                dns: s.serviceName.isEmpty ? nil : "\(podName).\(s.serviceName).\(namespace).svc.cluster.local",
                inRange: inRange, state: state, uid: live?.uid, node: live?.node ?? incarnations.last?.node,
                claims: claimRows, incarnations: incarnations)
        }
        return StatefulSetIdentity(
            namespace: namespace, name: name, serviceName: s.serviceName, replicas: s.replicas,
            ordinalStart: s.ordinalStart,
            whenScaled: s.whenScaled, whenDeleted: s.whenDeleted, isDeleted: s.deleted != nil, ordinals: rows)
    }

    /// The claim `namespace/name` and the volume it is bound to.
    public func claimIdentity(template: String, name: String, namespace: String) -> ClaimIdentity {
        let history = claims[namespace + "/" + name] ?? []
        guard let current = history.last, current.deleted == nil else {
            return ClaimIdentity(
                template: template, name: name, uid: nil, phase: nil, volume: nil, verified: false, history: history)
        }
        var volume: String?
        var verified = false
        if !current.volumeName.isEmpty {
            if let pv = volumes[current.volumeName], pv.deleted == nil {
                let sameClaim = pv.claimName == name && (pv.claimNamespace.isEmpty || pv.claimNamespace == namespace)
                let sameUID = pv.claimUID.isEmpty || current.uid.isEmpty || pv.claimUID == current.uid
                if sameClaim && sameUID {
                    volume = current.volumeName
                    verified = !pv.claimUID.isEmpty && pv.claimUID == current.uid
                }
            } else if volumes[current.volumeName] == nil {
                volume = current.volumeName
            }
        }
        return ClaimIdentity(
            template: template, name: name, uid: current.uid.nilIfEmpty,
            phase: current.terminating != nil ? "Terminating" : current.phase, volume: volume, verified: verified,
            history: history)
    }
}
