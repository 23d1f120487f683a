using DeferredOrleans.Samples.DocsApi;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

// docsapi.json beside the program, wherever `dotnet run --project samples/DocsApi` is started from. Not named
// appsettings.json: the tests that reference this project also hold the server's appsettings.json. It comes first,
// so environment variables and arguments still override it.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
{
    Path = "docsapi.json",
    Optional = false,
    FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
});
builder.Services.Configure<DocsApiOptions>(builder.Configuration.GetSection("DocsApi"));
var settings = builder.Configuration.GetSection("DocsApi").Get<DocsApiOptions>() ?? new DocsApiOptions();

// RFC 8705 §3: certificate-bound tokens need the client's certificate, asked for in the handshake; any (or none) is
// accepted there, since the token's cnf says which one this request must have.
builder.WebHost.ConfigureKestrel((context, kestrel) =>
{
    if (context.Configuration.GetValue<bool>("DocsApi:MutualTls"))
    {
        kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ClientCertificateMode = Microsoft.AspNetCore.Server.Kestrel.Https.ClientCertificateMode.AllowCertificate;
            https.AllowAnyClientCertificate();
        });
    }
});

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<DocumentStore>();
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
    .AddJwtBearer(options =>
    {
        // The server's discovery document and JWKS; plain http only in development.
        options.Authority = settings.Authority.OriginalString.TrimEnd('/');
        options.RequireHttpsMetadata = !builder.Environment.IsDevelopment();
        options.MapInboundClaims = false;
        options.TokenValidationParameters.ValidTypes = ["at+jwt"];
    });

// RFC 8707: a token for the API itself or for one of its documents (known to the server by name); the access rules say which may do what.
builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<DocumentStore>((options, store) =>
    options.TokenValidationParameters.AudienceValidator = (audiences, _, _) =>
        audiences.Any(a => a.TrimEnd('/') == settings.Resource.OriginalString.TrimEnd('/') || store.Find(a) is not null));

var app = builder.Build();
app.MapProtectedResourceMetadata();
app.MapDocs();
app.Run();

/// <summary>The sample resource server's entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
