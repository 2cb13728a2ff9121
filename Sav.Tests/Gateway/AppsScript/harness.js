// Runs forms/apps-script/SavGateway.gs under Node with Apps Script's services mocked, calls one
// function with a form-submit event, and prints what UrlFetchApp.fetch was asked to send.
const fs = require('fs');
const vm = require('vm');
const [script, functionName, eventJson] = process.argv.slice(2);
const calls = [];
const context = {
  console,
  PropertiesService: { getScriptProperties: () => ({ getProperty: (name) => ({
    SAV_GATEWAY_URL: 'https://sav.example/', SAV_API_KEY: 'key-from-properties', SAV_TITLES: '{"Votre établissement": "CUSTOMER"}',
  })[name] ?? null }) },
  UrlFetchApp: { fetch: (url, options) => {
    calls.push({ url, method: options.method, payload: options.payload });
    return { getResponseCode: () => 200, getContentText: () => 'AT73#K9F2Q' };
  } },
};
vm.createContext(context);
vm.runInContext(fs.readFileSync(script, 'utf8'), context);
const event = JSON.parse(eventJson);
const e = event.namedValues ? event : {
  response: {
    getItemResponses: () => event.items.map(([title, value]) => ({ getItem: () => ({ getTitle: () => title }), getResponse: () => value })),
    getRespondentEmail: () => event.respondent ?? '',
  },
};
const result = context[functionName](e);
process.stdout.write(JSON.stringify({ result, calls }));
