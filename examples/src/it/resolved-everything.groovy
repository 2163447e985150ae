// Run after each consumer project's build: the enforcer's rules pass vacuously on a dependency whose
// POM is missing (Maven only warns), so a missing POM fails the project here.
def log = new File(basedir, 'build.log').text
def missing = log.readLines().findAll { it.contains('is missing, no dependency information available') }
if (!missing.isEmpty()) {
    throw new AssertionError("POMs missing, so the enforcer checked nothing:\n" + missing.join('\n'))
}
['DependencyConvergence passed', 'RequireUpperBoundDeps passed'].each { rule ->
    if (!log.contains(rule)) {
        throw new AssertionError("no '" + rule + "' in build.log")
    }
}
return true
