#!/usr/bin/env python3
"""Runs rust-ready's CI recipes locally, the way their runners would, for tests/action.rs.

  run-action.py github WORKFLOW_OR_ACTION.yml --workspace DIR [--input k=v ...] [--binary BIN]
  run-action.py gitlab .gitlab-ci.yml --workspace DIR [--binary BIN]

GitHub mode executes every `run:` step of a composite action (or of a workflow, expanding a
step that uses this action into the action's steps) with bash, as GitHub does
(`bash --noprofile --norc -eo pipefail`), in DIR, with the documented files and variables:
GITHUB_OUTPUT (per step, parsed into steps.<id>.outputs), GITHUB_STEP_SUMMARY, GITHUB_PATH,
GITHUB_ENV, GITHUB_WORKSPACE, GITHUB_ACTION_PATH, RUNNER_TEMP, RUNNER_OS, RUNNER_ARCH, and
`${{ }}` expressions substituted (inputs, steps, env, runner, github, always(), success(),
failure(), ==, !=, &&, ||, !). `if:` and `continue-on-error:` are honoured. Steps that `uses:`
another action are simulated: checkout is a no-op, cache misses, artifact downloads fail (no
artifact yet) unless --artifact NAME=FILE is given, upload-sarif checks the file is SARIF 2.1.0,
upload-artifact copies the file into RUNNER_TEMP/artifacts/NAME.

GitLab mode runs a job's `script:` lines in one bash session with `set -eo pipefail`, the job's
`variables:` and the CI_* variables a runner sets, then checks `artifacts:paths`.

With --binary, a fake `cargo` first on PATH "installs" BIN for `cargo install`, and logs its
arguments to RUNNER_TEMP/cargo.log. Prints a JSON log and exits with the job's exit status.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

ACTION_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# --- expressions -----------------------------------------------------------------------------

TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>\d+(?:\.\d+)?)|(?P<op>==|!=|&&|\|\||!|\(|\)|,)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_.\-]*))"
)


def tokenize(s):
    pos, out = 0, []
    while pos < len(s):
        if s[pos:].strip() == "":
            break
        m = TOKEN.match(s, pos)
        if not m:
            raise ValueError(f"cannot parse expression at {s[pos:]!r}")
        pos = m.end()
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
    return out


class Expr:
    def __init__(self, text, ctx):
        self.toks = tokenize(text)
        self.i = 0
        self.ctx = ctx

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else (None, None)

    def take(self):
        t = self.peek()
        self.i += 1
        return t

    def parse(self):
        v = self.or_()
        if self.i != len(self.toks):
            raise ValueError(f"trailing tokens in expression: {self.toks[self.i:]}")
        return v

    def or_(self):
        v = self.and_()
        while self.peek() == ("op", "||"):
            self.take()
            r = self.and_()
            v = v if truthy(v) else r
        return v

    def and_(self):
        v = self.cmp()
        while self.peek() == ("op", "&&"):
            self.take()
            r = self.cmp()
            v = r if truthy(v) else v
        return v

    def cmp(self):
        v = self.unary()
        while self.peek() in (("op", "=="), ("op", "!=")):
            op = self.take()[1]
            r = self.unary()
            eq = str(v).lower() == str(r).lower()
            v = eq if op == "==" else not eq
        return v

    def unary(self):
        if self.peek() == ("op", "!"):
            self.take()
            return not truthy(self.unary())
        return self.atom()

    def atom(self):
        kind, val = self.take()
        if kind == "str":
            return val[1:-1].replace("''", "'")
        if kind == "num":
            return val
        if kind == "op" and val == "(":
            v = self.or_()
            self.take()
            return v
        if kind == "name":
            if self.peek() == ("op", "("):
                self.take()
                args = []
                while self.peek() != ("op", ")"):
                    args.append(self.or_())
                    if self.peek() == ("op", ","):
                        self.take()
                self.take()
                return self.call(val, args)
            if val in ("true", "false"):
                return val == "true"
            return self.ctx.lookup(val)
        raise ValueError(f"unexpected token {val!r}")

    def call(self, name, args):
        if name == "always":
            return True
        if name == "success":
            return not self.ctx.failed
        if name == "failure":
            return self.ctx.failed
        if name == "format":
            s = str(args[0])
            for i, a in enumerate(args[1:]):
                s = s.replace("{%d}" % i, str(a))
            return s
        if name == "hashFiles":
            return "hash-" + str(abs(hash(tuple(map(str, args)))) % 10**8)
        raise ValueError(f"unknown function {name}")


def truthy(v):
    return v not in (False, None, "", 0, "0", "false")


class Context:
    def __init__(self, data):
        self.data = data
        self.failed = False

    def lookup(self, dotted):
        cur = self.data
        for part in dotted.split("."):
            if isinstance(cur, dict) and part in cur:
                cur = cur[part]
            else:
                return ""
        return cur

    def eval(self, text):
        return Expr(text, self).parse()

    def subst(self, value):
        if not isinstance(value, str):
            return "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)

        def one(m):
            v = self.eval(m.group(1))
            return str(v).lower() if isinstance(v, bool) else str(v)

        return re.sub(r"\$\{\{(.*?)\}\}", one, value)

    def condition(self, cond):
        if cond is None:
            return not self.failed
        text = str(cond).strip()
        m = re.fullmatch(r"\$\{\{(.*)\}\}", text)
        if m:
            text = m.group(1)
        status_call = re.search(r"\b(always|success|failure|cancelled)\(", text)
        v = truthy(self.eval(text))
        return v if status_call else (v and not self.failed)


# --- GitHub ---------------------------------------------------------------------------------


def parse_output_file(path):
    out = {}
    if not os.path.exists(path):
        return out
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.fullmatch(r"([A-Za-z0-9_\-]+)<<(.+)", line)
        if m:
            key, delim, vals = m.group(1), m.group(2), []
            i += 1
            while i < len(lines) and lines[i] != delim:
                vals.append(lines[i])
                i += 1
            out[key] = "\n".join(vals)
        elif "=" in line:
            k, v = line.split("=", 1)
            out[k] = v
        i += 1
    return out


def fake_cargo(bin_dir, binary, log):
    os.makedirs(bin_dir, exist_ok=True)
    path = os.path.join(bin_dir, "cargo")
    with open(path, "w") as f:
        f.write(
            "#!/usr/bin/env bash\n"
            f'echo "$*" >> "{log}"\n'
            'root=""; prev=""\n'
            'for a in "$@"; do [ "$prev" = "--root" ] && root="$a"; prev="$a"; done\n'
            'root="${root:-${CARGO_INSTALL_ROOT:-$HOME/.cargo}}"\n'
            '[ "$1" = install ] || { echo "fake cargo: only install" >&2; exit 101; }\n'
            'mkdir -p "$root/bin"\n'
            f'cp "{binary}" "$root/bin/rust-ready"\n'
        )
    os.chmod(path, 0o755)


class Job:
    def __init__(self, args, temp):
        self.args = args
        self.temp = temp
        self.workspace = os.path.abspath(args.workspace)
        self.summary = os.path.join(temp, "step_summary.md")
        open(self.summary, "w").close()
        self.path_file = os.path.join(temp, "github_path")
        self.env_file = os.path.join(temp, "github_env")
        self.extra_path = []
        self.job_env = {}
        self.log = []
        self.exit_code = 0
        self.artifacts = dict(a.split("=", 1) for a in args.artifact)
        self.base_env = dict(os.environ)
        self.base_env.pop("RUST_READY_DEBUG", None)
        if args.binary:
            fake_cargo(os.path.join(temp, "fake-bin"), os.path.abspath(args.binary), os.path.join(temp, "cargo.log"))
            self.extra_path.append(os.path.join(temp, "fake-bin"))

    def env(self, step_env):
        env = dict(self.base_env)
        env.update(self.job_env)
        env.update(
            {
                "CI": "true",
                "GITHUB_ACTIONS": "true",
                "GITHUB_WORKSPACE": self.workspace,
                "GITHUB_ACTION_PATH": ACTION_DIR,
                "GITHUB_STEP_SUMMARY": self.summary,
                "GITHUB_PATH": self.path_file,
                "GITHUB_ENV": self.env_file,
                "RUNNER_TEMP": os.path.join(self.temp, "runner"),
                "RUNNER_OS": "Linux",
                "RUNNER_ARCH": "X64",
            }
        )
        env.update(step_env)
        env["PATH"] = os.pathsep.join(list(reversed(self.extra_path)) + [env.get("PATH", "")])
        return env

    def run_step(self, step, ctx, steps_out, prefix=""):
        name = step.get("name") or step.get("uses") or "run"
        sid = step.get("id")
        record = {"name": prefix + name, "id": sid, "ran": False, "exit": None}
        self.log.append(record)
        if not ctx.condition(step.get("if")):
            return
        record["ran"] = True
        if "uses" in step:
            record["uses"] = step["uses"]
            code, outputs = self.uses(step, ctx, record)
        else:
            code, outputs = self.run(step, ctx)
        record["exit"] = code
        if sid:
            steps_out[sid] = {"outputs": outputs, "outcome": "success" if code == 0 else "failure"}
        if code != 0 and not truthy(ctx.subst(step.get("continue-on-error", False))):
            ctx.failed = True
            if self.exit_code == 0:
                self.exit_code = code

    def run(self, step, ctx):
        step_env = {k: ctx.subst(v) for k, v in (step.get("env") or {}).items()}
        script = ctx.subst(step["run"])
        out_file = os.path.join(self.temp, f"output-{len(self.log)}")
        open(out_file, "w").close()
        step_env["GITHUB_OUTPUT"] = out_file
        os.makedirs(os.path.join(self.temp, "runner"), exist_ok=True)
        script_file = os.path.join(self.temp, f"step-{len(self.log)}.sh")
        with open(script_file, "w") as f:
            f.write(script)
        shell = step.get("shell", "bash")
        if shell != "bash":
            raise SystemExit(f"unsupported shell {shell}")
        p = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", script_file],
            cwd=self.workspace,
            env=self.env(step_env),
        )
        self.collect_path_and_env()
        return p.returncode, parse_output_file(out_file)

    def collect_path_and_env(self):
        if os.path.exists(self.path_file):
            for line in open(self.path_file).read().splitlines():
                if line and line not in self.extra_path:
                    self.extra_path.append(line)
        self.job_env.update(parse_output_file(self.env_file))

    def uses(self, step, ctx, record):
        uses = step["uses"]
        w = {k: ctx.subst(v) for k, v in (step.get("with") or {}).items()}
        record["with"] = w
        if uses.startswith("actions/checkout@"):
            return 0, {}
        if uses.startswith("actions/cache@"):
            return 0, {"cache-hit": "false"}
        if "download-artifact" in uses:
            src = self.artifacts.get(w.get("name", ""))
            if not src:
                print(f"simulated {uses}: no artifact {w.get('name')!r}", file=sys.stderr)
                return 1, {}
            dest = w.get("path") or self.workspace
            os.makedirs(dest, exist_ok=True)
            shutil.copy(src, os.path.join(dest, os.path.basename(src)))
            return 0, {}
        if uses.startswith("github/codeql-action/upload-sarif@"):
            f = w.get("sarif_file", "")
            try:
                doc = json.load(open(f))
                ok = doc.get("version") == "2.1.0" and len(doc.get("runs", [])) <= 20
            except (OSError, ValueError):
                ok = False
            record["uploaded"] = f if ok else None
            return (0 if ok else 1), {}
        if uses.startswith("actions/upload-artifact@"):
            f = w.get("path", "")
            if not os.path.isfile(f):
                record["uploaded"] = None
                return 1, {}
            dest = os.path.join(self.temp, "runner", "artifacts", w.get("name", "artifact"))
            os.makedirs(dest, exist_ok=True)
            shutil.copy(f, dest)
            record["uploaded"] = os.path.join(dest, os.path.basename(f))
            return 0, {}
        if uses in ("./", ".") or uses.startswith("rust-ready/rust-ready@"):
            return self.composite(os.path.join(ACTION_DIR, "action.yml"), w, ctx, record)
        raise SystemExit(f"the harness does not simulate {uses}")

    def composite(self, action_file, given, outer, record):
        action = yaml.safe_load(open(action_file))
        assert action["runs"]["using"] == "composite", "a composite action"
        inputs = {}
        for k, spec in (action.get("inputs") or {}).items():
            inputs[k] = str(given.get(k, (spec or {}).get("default", "")))
        unknown = set(given) - set(inputs)
        if unknown:
            raise SystemExit(f"unknown inputs {sorted(unknown)}")
        steps_out = {}
        ctx = Context(
            {
                "inputs": inputs,
                "steps": steps_out,
                "env": self.env({}),
                "runner": {"temp": os.path.join(self.temp, "runner"), "os": "Linux", "arch": "X64"},
                "github": {"action_path": ACTION_DIR, "workspace": self.workspace, **outer.data.get("github", {})},
            }
        )
        before = self.exit_code
        for s in action["runs"]["steps"]:
            self.run_step(s, ctx, steps_out, prefix="action: ")
        outputs = {k: ctx.subst(v.get("value", "")) for k, v in (action.get("outputs") or {}).items()}
        record["outputs"] = outputs
        code = self.exit_code if self.exit_code != before else 0
        if ctx.failed and code == 0:
            code = 1
        self.exit_code = before
        return code, outputs


def github(args, temp):
    job = Job(args, temp)
    doc = yaml.safe_load(open(args.file))
    inputs = dict(i.split("=", 1) for i in args.input)
    github_ctx = {"event_name": args.event, "ref": "refs/heads/main" if args.event == "push" else "refs/pull/1/merge",
                  "event": {"repository": {"default_branch": "main"}}}
    ctx = Context({"github": github_ctx, "runner": {"temp": os.path.join(temp, "runner")}, "env": {}, "steps": {}})
    if "runs" in doc:
        record = {"name": "action", "ran": True}
        job.log.append(record)
        code, outputs = job.composite(args.file, inputs, ctx, record)
        record["exit"] = code
        job.exit_code = code
    else:
        (name, spec), = doc["jobs"].items()
        steps_out = {}
        ctx.data["steps"] = steps_out
        ctx.data["env"] = job.env({})
        for s in spec["steps"]:
            if inputs and s.get("uses", "").startswith("rust-ready/rust-ready@"):
                s = dict(s, **{"with": {**(s.get("with") or {}), **inputs}})
            job.run_step(s, ctx, steps_out)
    return job


def gitlab(args, temp):
    job = Job(args, temp)
    doc = yaml.safe_load(open(args.file))
    spec = doc["rust-ready"]
    predefined = {
        "GITLAB_CI": "true",
        "CI_PROJECT_DIR": job.workspace,
        "CI_DEFAULT_BRANCH": "main",
        "CI_COMMIT_BRANCH": "feature",
        "CI_PROJECT_ID": "1",
        "CI_JOB_TOKEN": "token",
        "CI_API_V4_URL": args.gitlab_api,
    }
    # GitLab expands $VARS of predefined variables inside `variables:` values.
    variables = {
        k: re.sub(r"\$\{?([A-Z_][A-Z0-9_]*)\}?", lambda m: predefined.get(m.group(1), m.group(0)), str(v))
        for k, v in (spec.get("variables") or {}).items()
    }
    env = job.env({**predefined, **variables})
    script = "\n".join(spec["script"])
    p = subprocess.run(["bash", "--noprofile", "--norc", "-c", "set -eo pipefail\n" + script],
                       cwd=job.workspace, env=env)
    job.exit_code = p.returncode
    art = spec.get("artifacts") or {}
    job.log.append({"name": "script", "ran": True, "exit": p.returncode,
                    "artifacts": {a: os.path.exists(os.path.join(job.workspace, a)) for a in art.get("paths", [])},
                    "artifacts_when": art.get("when", "on_success")})
    return job


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["github", "gitlab"])
    ap.add_argument("file")
    ap.add_argument("--workspace", required=True)
    ap.add_argument("--input", action="append", default=[])
    ap.add_argument("--artifact", action="append", default=[])
    ap.add_argument("--binary")
    ap.add_argument("--event", default="pull_request")
    ap.add_argument("--gitlab-api", default="file:///nonexistent/api/v4")
    ap.add_argument("--temp")
    ap.add_argument("--log")
    args = ap.parse_args()
    temp = args.temp or tempfile.mkdtemp(prefix="rr-action-")
    os.makedirs(temp, exist_ok=True)
    job = github(args, temp) if args.mode == "github" else gitlab(args, temp)
    cargo_log = os.path.join(temp, "cargo.log")
    result = {
        "exit_code": job.exit_code,
        "steps": job.log,
        "summary": open(job.summary).read(),
        "cargo": open(cargo_log).read().splitlines() if os.path.exists(cargo_log) else [],
        "temp": temp,
    }
    text = json.dumps(result, indent=2)
    if args.log:
        open(args.log, "w").write(text)
    else:
        print(text)
    sys.exit(job.exit_code)


if __name__ == "__main__":
    main()
