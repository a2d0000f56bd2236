// Texts of letters (documents) in the task list and of element templates in the modeler, kept apart from messages.ts so
// that the pages of other features change their own file. German first; English below must name the same keys.
export const documentsGerman = {
  'taskDocuments.heading': 'Dokumente zum Vorgang',
  'taskDocuments.download': '{name} herunterladen',
  'taskDocuments.meta.date': 'erstellt am {date}',
  'taskDocuments.bytes': '{count} Byte',
  'taskDocuments.kilobytes': '{size} KB',
  'taskDocuments.megabytes': '{size} MB',
  'taskDocuments.type.pdf': 'PDF',
  'taskDocuments.type.html': 'HTML',
  'taskDocuments.type.other': 'Datei',

  'elementTemplates.choose': 'Vorlage auswählen',
  'elementTemplates.none': 'Für dieses Element gibt es keine Vorlage.',
  'elementTemplates.loadFailed': 'Die Elementvorlagen konnten nicht geladen werden: {detail}',
} as const;

export type DocumentsKey = keyof typeof documentsGerman;

export const documentsEnglish: Readonly<Record<DocumentsKey, string>> = {
  'taskDocuments.heading': 'Documents of the case',
  'taskDocuments.download': 'Download {name}',
  'taskDocuments.meta.date': 'created on {date}',
  'taskDocuments.bytes': '{count} bytes',
  'taskDocuments.kilobytes': '{size} KB',
  'taskDocuments.megabytes': '{size} MB',
  'taskDocuments.type.pdf': 'PDF',
  'taskDocuments.type.html': 'HTML',
  'taskDocuments.type.other': 'File',

  'elementTemplates.choose': 'Choose a template',
  'elementTemplates.none': 'There is no template for this element.',
  'elementTemplates.loadFailed': 'The element templates could not be loaded: {detail}',
};
