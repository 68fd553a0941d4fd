import Logging

extension Recorder {
    /// The cursor name of CustomResourceDefinitions: an event of one asks for rediscovery.
    static let definitionsCursor = "customresourcedefinitions.apiextensions.k8s.io"

    /// `--all`: runs discovery again every ``rediscoveryInterval``, and soon after a
    /// CustomResourceDefinition is recorded (two seconds later, so the new API is established), until
    /// it finds resources outside `known`; returns them, or ``RecorderTaskOutcome/finished`` when
    /// cancelled. A failed discovery is logged and tried again at the next occasion.
    func rediscover(
        excluding known: Set<String>, client: KubeClient, writer: BatchWriter, includeSecrets: Bool, logger: Logger
    ) async -> RecorderTaskOutcome {
        let clock = ContinuousClock()
        var due = clock.now + rediscoveryInterval
        var seenDefinitions = await writer.eventsCommitted(for: Self.definitionsCursor)
        while !Task.isCancelled {
            do { try await Task.sleep(for: .seconds(1)) } catch { return .finished }
            let definitions = await writer.eventsCommitted(for: Self.definitionsCursor)
            let definitionChanged = definitions != seenDefinitions
            guard definitionChanged || clock.now >= due else { continue }
            if definitionChanged {
                do { try await Task.sleep(for: .seconds(2)) } catch { return .finished }
                seenDefinitions = await writer.eventsCommitted(for: Self.definitionsCursor)
            }
            due = clock.now + rediscoveryInterval
            do {
                let found = try await ResourceDiscovery(client: client).resources(includeSecrets: includeSecrets)
                let new = found.filter { !known.contains($0.cursorName) }
                if !new.isEmpty { return .discovered(new) }
                logger.debug("rediscovery found nothing new")
            } catch {
                logger.warning("rediscovery failed; trying again later", metadata: ["error": "\(error)"])
            }
        }
        return .finished
    }
}
