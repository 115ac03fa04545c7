#include "tests/support/server_process.h"

#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <stdexcept>

namespace insightos::testing {

namespace {
long ReadStatusKb(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  return 0;
}
}  // namespace

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

double ServerMetric(int port, const std::string& name) {
  httplib::Client client("127.0.0.1", port);
  auto res = client.Get("/metrics");
  if (!res || res->status != 200) return -1;
  const std::string key = "\n" + name + " ";
  const std::size_t at = res->body.find(key);
  return at == std::string::npos ? -1 : std::stod(res->body.substr(at + key.size()));
}

ServerProcess::ServerProcess(const std::string& binary, const std::vector<std::string>& args, int port) {
  pid_ = fork();
  if (pid_ == 0) {
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(binary.c_str()));
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  httplib::Client probe("127.0.0.1", port);
  probe.set_connection_timeout(0, 200000);
  for (int attempt = 0; attempt < 200; ++attempt) {
    if (auto res = probe.Get("/healthz"); res && res->status == 200) {
      sampler_ = std::thread([this] {
        while (sampling_) {
          long rss = ReadStatusKb(pid_, "VmRSS");
          long seen = peak_rss_kb_.load();
          while (rss > seen && !peak_rss_kb_.compare_exchange_weak(seen, rss)) {
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
      });
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) throw std::runtime_error("insightos serve exited during start-up");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(pid_, SIGKILL);
  throw std::runtime_error("insightos serve did not become healthy");
}

void ServerProcess::StopSampler() {
  sampling_ = false;
  if (sampler_.joinable()) sampler_.join();
}

ServerProcess::~ServerProcess() {
  StopSampler();
  if (pid_ > 0 && !exited_) {
    kill(pid_, SIGTERM);
    Wait();
  }
}

void ServerProcess::Signal(int signal_number) { kill(pid_, signal_number); }

int ServerProcess::Wait() {
  StopSampler();
  int status = 0;
  waitpid(pid_, &status, 0);
  exited_ = true;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

double ServerProcess::PeakRssMb() const {
  long hwm = exited_ ? 0 : ReadStatusKb(pid_, "VmHWM");
  return static_cast<double>(std::max(hwm, peak_rss_kb_.load())) / 1024.0;
}

}  // namespace insightos::testing
