/**
 * The application's configuration ({@link greencover.app.AppConfig}: flags, environment and defaults, the only
 * reader of the environment) and its composition root ({@link greencover.app.Services}), shared by the command
 * line, the HTTP server, the tests and any batch job. Nothing here speaks HTTP.
 */
package greencover.app;
