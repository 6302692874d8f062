/**
 * The questions of a datasheet, grouped by the seven themes of "Datasheets for Datasets" (Gebru et al.,
 * 2018/2021): motivation, composition, collection, preprocessing and labelling, uses, distribution,
 * maintenance. Worded for Assay's report; what Assay measures is pre-filled beside them.
 */
export interface DatasheetTheme {
  id: string;
  title: string;
  questions: string[];
}

export const DATASHEET_THEMES: readonly DatasheetTheme[] = [
  {
    id: 'motivation',
    title: 'Motivation',
    questions: [
      'Why was this dataset made? What task was it meant for, or what gap did it fill?',
      'Who made it, and for which team, company or institution?',
      'Who paid for the work?',
    ],
  },
  {
    id: 'composition',
    title: 'Composition',
    questions: [
      'What does one image show, and what do the classes mean exactly (where does one class end and the next begin)?',
      'Is this every instance there is, or a sample? If a sample, how was it drawn, and whom or what does it represent well or badly?',
      'Is information missing for some images or labels? Why?',
      'Which known errors, noise or redundancy remain? (The issues above are what Assay found automatically.)',
      'Does the dataset depend on outside resources (links, other datasets) that could change or disappear?',
      'Could any part be confidential, offensive or identify a person? Are groups of people (by age, gender, origin...) recognisable in it?',
    ],
  },
  {
    id: 'collection',
    title: 'Collection process',
    questions: [
      'How were the images obtained (own cameras, crawling, purchase, rendering) and over which period?',
      'Who collected them, and how were they paid?',
      'If people are shown: were they told, did they agree, and can they withdraw?',
      'Was the collection reviewed by an ethics board or similar? With what outcome?',
    ],
  },
  {
    id: 'preprocessing',
    title: 'Preprocessing, cleaning and labelling',
    questions: [
      'What was done to the raw data (resizing, cropping, filtering, removing duplicates)? Is the raw data kept?',
      'Who labelled the data, with which instructions and tools, and how was label quality checked?',
      'Which fixes were made after the issues in this report were reviewed?',
    ],
  },
  {
    id: 'uses',
    title: 'Uses',
    questions: [
      'What has the dataset been used for so far (models, papers, products)?',
      'What should it not be used for?',
      'Could its composition or labelling lead to unfair or harmful results for some people or situations? How can users avoid that?',
    ],
  },
  {
    id: 'distribution',
    title: 'Distribution',
    questions: [
      'Who may obtain the dataset, and how?',
      'Under which licence or terms of use? Do third-party rights or export rules apply?',
    ],
  },
  {
    id: 'maintenance',
    title: 'Maintenance',
    questions: [
      'Who maintains the dataset, and how can they be reached?',
      'Will it be updated (corrections, additions, removals)? How often, and how will users hear of it?',
      'Do older versions stay available?',
      'How can others report problems or contribute?',
    ],
  },
];
