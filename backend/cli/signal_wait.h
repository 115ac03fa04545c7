// Graceful shutdown: SIGINT/SIGTERM are blocked in every thread and received synchronously
// by the main thread, which then stops the server in an orderly way (no async-signal-unsafe
// work in a signal handler).
#ifndef INSIGHTOS_BACKEND_CLI_SIGNAL_WAIT_H_
#define INSIGHTOS_BACKEND_CLI_SIGNAL_WAIT_H_

namespace insightos::cli {

// Call before starting threads: they inherit the blocked mask.
void BlockTerminationSignals();
// Blocks until SIGINT or SIGTERM arrives; returns the signal number.
int WaitForTerminationSignal();

}  // namespace insightos::cli

#endif  // INSIGHTOS_BACKEND_CLI_SIGNAL_WAIT_H_
