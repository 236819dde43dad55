#include "ohmic/onnx/shape_inference.h"

#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include "ohmic/core/error.h"
#include "ohmic/core/fd_io.h"

namespace ohmic::onnx::detail {
namespace {

constexpr char kOk = 'O', kFailed = 'E';

// Child side: infer, then send kOk + a GraphProto holding only value_info and outputs, or kFailed + the message.
[[noreturn]] void infer_in_child(::onnx::ModelProto& model, int fd) {
  // Die quietly on a crash (the parent reports it); sanitizers would otherwise print their own report here.
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) std::signal(sig, SIG_DFL);
  std::string reply;
  try {
    ::onnx::ShapeInferenceOptions options(/*check_type=*/true, /*strict_mode=*/1, /*data_prop=*/true);
    ::onnx::shape_inference::InferShapes(model, ::onnx::OpSchemaRegistry::Instance(), options);
    ::onnx::GraphProto types;
    *types.mutable_value_info() = model.graph().value_info();
    *types.mutable_output() = model.graph().output();
    reply = kOk + types.SerializeAsString();
  } catch (const std::exception& e) {
    reply = std::string(1, kFailed) + e.what();
  }
  write_all_fd(fd, reply);
  ::close(fd);
  ::_exit(0);
}

}  // namespace

void run_shape_inference(::onnx::ModelProto& model, const std::string& where) {
  (void)::onnx::OpSchemaRegistry::Instance();  // build the schema registry before forking
  int fds[2];
  if (::pipe(fds) != 0) fail(where, std::string("cannot create a pipe for shape inference: ") + std::strerror(errno));
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    fail(where, std::string("cannot fork for shape inference: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::close(fds[0]);
    infer_in_child(model, fds[1]);
  }
  ::close(fds[1]);
  std::string reply = read_all_fd(fds[0]);
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status))
    fail(where, "ONNX shape inference crashed (signal " + std::to_string(WTERMSIG(status)) + ", " +
                    strsignal(WTERMSIG(status)) + "): the model is malformed, e.g. a node's input ranks or attributes "
                    "disagree with its operator",
         "check the model with onnx.checker.check_model(model, full_check=True) and re-export it");
  if (reply.empty() || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    fail(where, "ONNX shape inference ended without a result");
  if (reply[0] == kFailed)
    fail(where, "ONNX shape inference failed: " + reply.substr(1), "check the model's input shapes and node attributes");
  ::onnx::GraphProto types;
  if (reply[0] != kOk || !types.ParseFromArray(reply.data() + 1, static_cast<int>(reply.size() - 1)))
    fail(where, "ONNX shape inference returned an unreadable result");
  auto* g = model.mutable_graph();
  *g->mutable_value_info() = types.value_info();
  if (types.output_size() == g->output_size())
    for (int i = 0; i < g->output_size(); ++i) *g->mutable_output(i)->mutable_type() = types.output(i).type();
}

}  // namespace ohmic::onnx::detail
