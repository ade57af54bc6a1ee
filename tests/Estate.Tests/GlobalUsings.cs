global using System.Net;
global using NUnit.Framework;
