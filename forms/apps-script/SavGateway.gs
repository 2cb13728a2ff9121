/**
 * Sav gateway library for Google Forms: one function per form kind. Each reads the form response
 * of an "On form submit" trigger and posts it to the gateway with UrlFetchApp. The customer learns
 * the outcome by mail, so the script only posts.
 *
 * Script properties (Project settings > Script properties):
 *   SAV_GATEWAY_URL  the gateway's public address, e.g. https://sav.example.com
 *   SAV_API_KEY      one of the gateway's Gateway:ApiKeys
 *   SAV_TITLES       optional JSON object mapping question titles to field names, merged over the defaults below
 */

/** Question titles (French, as customers see them) and the contract's field names they feed. */
var SAV_DEFAULT_TITLES = {
  'adresse e-mail': 'EMAIL',
  'e-mail': 'EMAIL',
  'nom et prénom': 'NAME',
  'nom': 'NAME',
  'objet de la demande': 'SUBJECT',
  'description du problème': 'DESCRIPTION',
  'établissement ou société': 'CUSTOMER',
  'téléphone': 'PHONE',
  'type de produit': 'PRODUCT_FAMILY',
  'famille de produit': 'PRODUCT_FAMILY',
  'modèle': 'PRODUCT',
  'marque': 'BRAND',
  'numéro de série': 'SERIAL_NUMBER',
  'numéro de commande': 'ORDER_NUMBER',
  'numéro de facture': 'INVOICE_NUMBER',
  'produit sous garantie': 'WARRANTY',
  'numéro de dossier': 'CONTEXT',
  'commentaire': 'COMMENT',
  'votre réponse': 'ANSWER'
};

var SAV_FIELD_NAMES = ['EMAIL', 'NAME', 'SUBJECT', 'DESCRIPTION', 'CUSTOMER', 'PHONE', 'PRODUCT_FAMILY', 'PRODUCT', 'BRAND',
  'SERIAL_NUMBER', 'ORDER_NUMBER', 'INVOICE_NUMBER', 'WARRANTY', 'CONTEXT', 'COMMENT', 'ANSWER'];

/** Opens a ticket. Returns the context (CODE#CONTROL). */
function savOpen(e) { return savPost_('open', savFields_(e)); }

/** Mails the customer the ticket's status and last messages. */
function savStatus(e) { return savPost_('status', savFields_(e)); }

/** Closes the ticket and mails a confirmation. */
function savClose(e) { return savPost_('close', savFields_(e)); }

/** Reopens a closed ticket and mails a confirmation (an open ticket stays as it is). */
function savReopen(e) { return savPost_('reopen', savFields_(e)); }

/** Adds the customer's answer to the ticket. */
function savAnswer(e) { return savPost_('answer', savFields_(e)); }

/**
 * The fields of a submission: from e.response (a trigger on the form) or e.namedValues (a trigger on
 * the form's spreadsheet). A question is recognised by its title (SAV_TITLES) or when its title is a
 * field name itself (EMAIL, CONTEXT, ...). The respondent's e-mail, when the form collects it, fills EMAIL.
 */
function savFields_(e) {
  var titles = savTitles_();
  var fields = {};
  var put = function (title, value) {
    var name = savFieldName_(titles, title);
    if (!name || value === null || value === undefined) return;
    var text = Array.isArray(value) ? value.join(', ') : String(value);
    if (text.trim() !== '' && !fields[name]) fields[name] = text;
  };
  if (e && e.response) {
    e.response.getItemResponses().forEach(function (itemResponse) {
      put(itemResponse.getItem().getTitle(), itemResponse.getResponse());
    });
    var respondent = e.response.getRespondentEmail ? e.response.getRespondentEmail() : '';
    if (respondent && !fields.EMAIL) fields.EMAIL = respondent;
  } else if (e && e.namedValues) {
    Object.keys(e.namedValues).forEach(function (title) { put(title, e.namedValues[title]); });
  } else {
    throw new Error('Call this function from an "On form submit" trigger: it needs the event object.');
  }
  return fields;
}

function savFieldName_(titles, title) {
  var key = String(title).trim().toLowerCase();
  if (titles[key]) return titles[key];
  var upper = key.toUpperCase();
  return SAV_FIELD_NAMES.indexOf(upper) >= 0 ? upper : null;
}

function savTitles_() {
  var titles = {};
  Object.keys(SAV_DEFAULT_TITLES).forEach(function (k) { titles[k] = SAV_DEFAULT_TITLES[k]; });
  var custom = PropertiesService.getScriptProperties().getProperty('SAV_TITLES');
  if (custom) {
    var parsed = JSON.parse(custom);
    Object.keys(parsed).forEach(function (k) { titles[k.trim().toLowerCase()] = parsed[k]; });
  }
  return titles;
}

/**
 * Posts the fields form-urlencoded (UrlFetchApp's encoding of a payload object) with the API key.
 * A 4xx is logged and not retried: the submission itself is wrong. A 429 or 5xx throws, so that
 * Apps Script mails the trigger's owner a failure summary and nothing is lost silently.
 */
function savPost_(kind, fields) {
  var properties = PropertiesService.getScriptProperties();
  var base = properties.getProperty('SAV_GATEWAY_URL');
  var key = properties.getProperty('SAV_API_KEY');
  if (!base || !key) throw new Error('Set the SAV_GATEWAY_URL and SAV_API_KEY script properties.');
  fields.API_KEY = key;
  var response = UrlFetchApp.fetch(base.replace(/\/+$/, '') + '/api/forms/' + kind, {
    method: 'post',
    payload: fields,
    muteHttpExceptions: true
  });
  var status = response.getResponseCode();
  var body = response.getContentText();
  if (status === 200) return body;
  if (status === 429 || status >= 500) throw new Error('Sav gateway answered ' + status + ' for ' + kind + ': ' + body);
  console.warn('Sav gateway refused a ' + kind + ' submission (' + status + '): ' + body);
  return null;
}
