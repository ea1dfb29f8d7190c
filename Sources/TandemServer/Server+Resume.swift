import CLibUV
import TandemJournal

extension Server {
    /// The backlog at which a resume from the journal waits for the client to read.
    static let resumeBacklogBytes = 1 << 20

    /// A resume of `session` from `sequence`, older than its in-memory window, served from the journal; nil
    /// without a journal or a checkpoint at or before `sequence`.
    func journalResume(of session: Session, from sequence: UInt64, on connection: Connection) -> JournalResume? {
        guard journal != nil, let directory = options.dataDirectory,
            let checkpoint = session.checkpoints.start(for: sequence)
        else { return nil }
        do {
            return try JournalResume(
                directory: directory, connection: connection, account: session.account, from: sequence,
                target: session.stream.firstSequence, checkpoint: checkpoint)
        } catch {
            metrics.journalResumeFailures += 1
            return nil
        }
    }

    /// Starts serving `resume` a slice per loop pass; live reports wait in the session's window meanwhile.
    func serveFromJournal(_ resume: JournalResume, session: Session) {
        metrics.journalResumes += 1
        session.resume = resume
        if resumingSessions.isEmpty {
            uv_timer_start(resumeTimer, { Server.of($0)?.pumpResumes() }, 0, 1)
        }
        if !resumingSessions.contains(where: { $0 === session }) { resumingSessions.append(session) }
    }

    /// One slice of each resume whose client keeps up; a finished one hands over to the in-memory window, or
    /// to a new resume from the journal when the window has moved past where it ended.
    private func pumpResumes() {
        let durable = journal?.durableSequence ?? 0
        let sessions = resumingSessions
        resumingSessions.removeAll(keepingCapacity: true)
        for session in sessions {
            guard let resume = session.resume, session.connection === resume.connection, !resume.connection.isClosing
            else {
                session.resume = nil
                continue
            }
            let connection = resume.connection
            // Well under the slow-consumer bound, so that pacing, not a disconnection, is what waits for the client.
            guard connection.backlog < min(Self.resumeBacklogBytes, options.maxOutboundBytes / 4) else {
                resumingSessions.append(session)
                continue
            }
            do {
                try resume.pump(limit: durable, budget: min(options.resumeSliceBytes, options.maxOutboundBytes / 4))
            } catch {
                metrics.journalResumeFailures += 1
                session.resume = nil
                close(connection, reason: nil, graceful: false)
                continue
            }
            markForFlush(connection)
            guard resume.isDone else {
                resumingSessions.append(session)
                continue
            }
            if session.stream.holds(from: resume.target) {
                session.resume = nil
                connection.enqueue(session.stream.frames(from: resume.target))
            } else if let next = journalResume(of: session, from: resume.target, on: connection) {
                metrics.journalResumes += 1
                session.resume = next
                resumingSessions.append(session)
            } else {
                session.resume = nil
                close(connection, reason: nil, graceful: false)
            }
        }
        if resumingSessions.isEmpty { uv_timer_stop(resumeTimer) }
        flushConnections()
    }
}
